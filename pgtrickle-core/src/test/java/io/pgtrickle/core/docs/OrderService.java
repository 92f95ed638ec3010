package io.pgtrickle.core.docs;

import java.math.BigDecimal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.StreamTableName;

/**
 * Snippet of "Refresh a stream table after a write".
 */
public class OrderService {

	private static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	private final JdbcTemplate jdbcTemplate;

	private final PgTrickleOperations pgTrickle;

	public OrderService(JdbcTemplate jdbcTemplate, PgTrickleOperations pgTrickle) {
		this.jdbcTemplate = jdbcTemplate;
		this.pgTrickle = pgTrickle;
	}

	@Transactional
	public void placeOrder(int id, int customerId, BigDecimal amount) {
		this.jdbcTemplate.update("INSERT INTO orders (id, customer_id, amount) VALUES (?, ?, ?)", id, customerId, amount);
		this.pgTrickle.refresh(ORDER_TOTALS).orThrow();
	}

}
