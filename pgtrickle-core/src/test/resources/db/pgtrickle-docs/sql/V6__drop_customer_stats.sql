SELECT pgtrickle.drop_stream_table(name => 'public.customer_stats');
