-- Needs a superuser, or: GRANT SET ON PARAMETER pg_trickle.block_source_ddl TO <migration role>
SET LOCAL pg_trickle.block_source_ddl = off;
ALTER TABLE public.orders ADD COLUMN region text;
SET LOCAL pg_trickle.block_source_ddl = on;

SELECT pgtrickle.alter_stream_table(
    name  => 'public.order_totals',
    query => $$
        SELECT customer_id, region, sum(amount) AS total, count(*) AS order_count
        FROM public.orders
        GROUP BY customer_id, region
    $$
);
