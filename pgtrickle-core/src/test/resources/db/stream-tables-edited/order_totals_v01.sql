SELECT customer_id, sum(amount) AS total
FROM orders
WHERE amount > 0
GROUP BY customer_id
