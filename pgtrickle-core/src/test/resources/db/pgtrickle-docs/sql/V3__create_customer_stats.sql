-- Created empty: DeferredInitializationCallback (or pg_trickle's scheduler) fills it after the commit.
SELECT pgtrickle.create_stream_table(
    name       => 'public.customer_stats',
    query      => $$
        SELECT customer_id, count(*) AS orders, max(amount) AS largest_order
        FROM public.orders
        GROUP BY customer_id
    $$,
    schedule   => '5m',
    initialize => false
);
