SELECT customer_id, count(*) AS orders, max(amount) AS largest_order
FROM public.orders
GROUP BY customer_id;
