SELECT customer_id, sum(no_such_column) AS total
FROM orders
GROUP BY customer_id
