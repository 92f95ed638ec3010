SELECT pgtrickle.create_stream_table(
    name         => 'public.order_totals',
    query        => $$
        SELECT customer_id, sum(amount) AS total
        FROM public.orders
        GROUP BY customer_id
    $$,
    schedule     => '30s',
    refresh_mode => 'DIFFERENTIAL'
);
