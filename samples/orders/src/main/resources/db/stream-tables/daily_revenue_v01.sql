SELECT (o.placed_at AT TIME ZONE 'UTC')::date AS day, count(*) AS order_count, sum(o.amount) AS revenue
FROM public.orders o
GROUP BY (o.placed_at AT TIME ZONE 'UTC')::date
