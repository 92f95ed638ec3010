package io.pgtrickle.autoconfigure.jpa.docs;

import java.math.BigDecimal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.autoconfigure.jpa.docs.OrderReport.Report;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the documentation's application: its services read and refresh the stream table with no
 * configuration beyond the data source.
 */
@PgTrickleTest
class OrderTotalsApplicationTests {

	@BeforeAll
	static void createStreamTable(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		jdbc.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric NOT NULL)");
		jdbc.execute("INSERT INTO orders SELECT i, 1 + i % 12, i FROM generate_series(1, 120) i");
		jdbc.execute("SELECT pgtrickle.create_stream_table(name => 'public.order_totals', query => 'SELECT customer_id, "
				+ "sum(amount) AS total, count(*) AS order_count FROM orders GROUP BY customer_id', schedule => '1h')");
	}

	@Test
	void servicesReadAndRefreshTheStreamTable(PgTrickleDatabase database) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrderTotalsApplication.class)
			.properties("spring.main.web-application-type=none", "spring.main.banner-mode=off",
					"spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=" + database.username(),
					"spring.datasource.password=" + database.password(), "spring.datasource.hikari.maximum-pool-size=4")
			.run()) {
			Report report = context.getBean(OrderReport.class).topCustomers();
			assertThat(report.top()).hasSize(10);
			assertThat(report.asOf()).isNotNull();
			assertThat(report.stale()).isFalse();
			BigDecimal before = context.getBean(OrderTotals.class).findById(5L).orElseThrow().getTotal();
			OrderTotal after = context.getBean(OrderService.class).placeOrder(1000, 5, new BigDecimal("1000"));
			assertThat(after.getTotal()).isEqualByComparingTo(before.add(new BigDecimal("1000")));
			assertThat(after.getOrderCount()).isEqualTo(11);
		}
	}

}
