-- Reads the column that the bean migration V3 added to the stream table, so it only works after V3.
CREATE VIEW big_customers AS
SELECT customer_id, total
FROM sales_by_customer
WHERE order_count > 1;
