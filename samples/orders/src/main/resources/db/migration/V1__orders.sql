-- Source tables: stream tables read from these.
CREATE TABLE customers (
	id bigint PRIMARY KEY,
	name text NOT NULL,
	city text NOT NULL
);

CREATE TABLE orders (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	customer_id bigint NOT NULL REFERENCES customers (id),
	amount numeric(12, 2) NOT NULL CHECK (amount > 0),
	placed_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO customers (id, name, city) VALUES
	(1, 'Ada', 'London'),
	(2, 'Grace', 'New York'),
	(3, 'Linus', 'Helsinki');

INSERT INTO orders (customer_id, amount, placed_at) VALUES
	(1, 120.00, now() - interval '2 days'),
	(1, 35.50, now() - interval '1 day'),
	(2, 80.00, now() - interval '1 day'),
	(3, 15.00, now());
