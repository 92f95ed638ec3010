SELECT id, customer_id, amount
FROM public.orders
WHERE amount >= 100;
