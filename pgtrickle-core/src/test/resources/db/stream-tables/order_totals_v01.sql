SELECT customer_id, sum(amount) AS total
FROM public.orders
GROUP BY customer_id;
