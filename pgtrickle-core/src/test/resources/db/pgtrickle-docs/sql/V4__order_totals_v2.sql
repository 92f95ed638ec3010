SELECT pgtrickle.alter_stream_table(
    name  => 'public.order_totals',
    query => $$
        SELECT customer_id, sum(amount) AS total, count(*) AS order_count
        FROM public.orders
        GROUP BY customer_id
    $$
);
