SELECT c.id AS customer_id, c.name, c.city, t.total
FROM public.customer_totals t
JOIN public.customers c ON c.id = t.customer_id
WHERE t.total >= 100
