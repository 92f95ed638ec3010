CREATE TABLE orders (
    id          bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    amount      numeric(10, 2) NOT NULL
);

INSERT INTO orders (id, customer_id, amount) VALUES (1, 1, 10.00), (2, 1, 5.50), (3, 2, 7.25);
