SELECT customer_id, region, sum(amount) AS total, count(*) AS order_count
FROM public.orders
GROUP BY customer_id, region;
