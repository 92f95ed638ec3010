package io.pgtrickle.samples.orders.docs;

import java.math.BigDecimal;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first snippet of docs/testing.md: a test class that gets a database with pg_trickle from
 * {@link PgTrickleTest}.
 */
@PgTrickleTest
class OrderTotalsTests {

	@Test
	void refreshCatchesUpWithTheSource(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int, amount numeric)");
		jdbc.queryForObject("SELECT pgtrickle.create_stream_table(name => 'public.order_totals', "
				+ "query => 'SELECT customer, sum(amount) AS total FROM orders GROUP BY customer', "
				+ "schedule => '1h')", Object.class);
		jdbc.update("INSERT INTO orders VALUES (1, 7, 10), (2, 7, 5)");
		assertThat(jdbc.queryForList("SELECT total FROM order_totals", BigDecimal.class)).isEmpty();
		jdbc.queryForObject("SELECT pgtrickle.refresh_stream_table(name => 'public.order_totals')", Object.class);
		assertThat(jdbc.queryForObject("SELECT total FROM order_totals WHERE customer = 7", BigDecimal.class))
			.isEqualByComparingTo("15");
	}

}
