package io.pgtrickle.events.docs;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.RefreshSkippedException;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableName;

/**
 * Snippets of "Read your own writes".
 */
public class OrderPlacement {

	static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactionTemplate;

	private final PgTrickleOperations pgTrickle;

	public OrderPlacement(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate,
			PgTrickleOperations pgTrickle) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactionTemplate = transactionTemplate;
		this.pgTrickle = pgTrickle;
	}

	@Transactional
	public void placeOrderAndRefresh(int id, int customerId, BigDecimal amount) {
		this.jdbcTemplate.update("INSERT INTO orders (id, customer_id, amount) VALUES (?, ?, ?)", id, customerId, amount);
		this.pgTrickle.refresh(ORDER_TOTALS).orThrow();
	}

	private final RetryTemplate refreshRetries = new RetryTemplate(RetryPolicy.builder()
		.includes(RefreshSkippedException.class)
		.delay(Duration.ofMillis(50))
		.multiplier(2)
		.maxDelay(Duration.ofSeconds(1))
		.timeout(Duration.ofSeconds(10))
		.build());

	public void placeOrderThenRefresh(int id, int customerId, BigDecimal amount) {
		this.transactionTemplate.executeWithoutResult((status) -> this.jdbcTemplate
			.update("INSERT INTO orders (id, customer_id, amount) VALUES (?, ?, ?)", id, customerId, amount));
		this.refreshRetries.invoke(() -> this.pgTrickle.refresh(ORDER_TOTALS).orThrow());
	}

	public void createMaintainedInEveryWrite() {
		this.pgTrickle.create(StreamTableDefinition
			.builder(ORDER_TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.refreshMode(RefreshMode.IMMEDIATE)
			.build());
	}

}
