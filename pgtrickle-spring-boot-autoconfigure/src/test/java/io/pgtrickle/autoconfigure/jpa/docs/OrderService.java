package io.pgtrickle.autoconfigure.jpa.docs;

import java.math.BigDecimal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

// tag::refresh[]
@Service
public class OrderService {

	private final JdbcTemplate jdbc;

	private final OrderTotals orderTotals;

	public OrderService(JdbcTemplate jdbc, OrderTotals orderTotals) {
		this.jdbc = jdbc;
		this.orderTotals = orderTotals;
	}

	@Transactional
	public OrderTotal placeOrder(long orderId, long customerId, BigDecimal amount) {
		// write to the source table ...
		this.jdbc.update("INSERT INTO orders (id, customer_id, amount) VALUES (?, ?, ?)", orderId, customerId, amount);
		// ... refresh the stream table in the same transaction, and read the result
		this.orderTotals.refresh();
		return this.orderTotals.findById(customerId).orElseThrow();
	}

}
// end::refresh[]
