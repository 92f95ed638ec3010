SELECT customer_id, region, sum(amount) AS total
FROM orders
GROUP BY customer_id, region
