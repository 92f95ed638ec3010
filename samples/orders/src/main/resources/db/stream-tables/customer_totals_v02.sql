SELECT o.customer_id, count(*) AS order_count, sum(o.amount) AS total, max(o.placed_at) AS last_order_at
FROM public.orders o
GROUP BY o.customer_id
