SELECT o.customer_id, count(*) AS order_count, sum(o.amount) AS total
FROM public.orders o
GROUP BY o.customer_id
