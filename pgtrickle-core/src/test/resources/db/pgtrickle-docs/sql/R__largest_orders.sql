SELECT pgtrickle.create_or_replace_stream_table(
    name     => 'public.largest_orders',
    query    => $$
        SELECT id, customer_id, amount
        FROM public.orders
        WHERE amount >= 100
    $$,
    schedule => '1m'
);
