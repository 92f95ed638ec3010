package io.pgtrickle.autoconfigure.jpa.docs;

import java.math.BigDecimal;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;

import static org.assertj.core.api.Assertions.assertThat;

// tag::data-jpa-test[]
@DataJpaTest
@AutoConfigureTestDatabase(replace = Replace.NONE)
class OrderTotalsTests {

	static final PgTrickleDatabase database = PgTrickleDatabases.create("order-totals");

	@Autowired
	OrderTotals orderTotals;

	@Autowired
	DataSource dataSource;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

	@BeforeAll
	static void createStreamTable() {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		jdbc.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric NOT NULL)");
		jdbc.execute("INSERT INTO orders VALUES (1, 7, 10), (2, 7, 5)");
		jdbc.execute("""
				SELECT pgtrickle.create_stream_table(name => 'public.order_totals', query => $$
				    SELECT customer_id, sum(amount) AS total, count(*) AS order_count
				    FROM orders GROUP BY customer_id $$, schedule => '1h')""");
	}

	@AfterAll
	static void dropDatabase() throws Exception {
		database.close();
	}

	@Test
	void readsTheStreamTable() {
		assertThat(this.orderTotals.findById(7L)).hasValueSatisfying(
				(total) -> assertThat(total.getTotal()).isEqualByComparingTo("15"));
		assertThat(this.orderTotals.isStale()).isFalse();
	}

	@Test
	void refreshShowsANewOrderWithinTheTestsTransaction() {
		new JdbcTemplate(this.dataSource).update("INSERT INTO orders VALUES (3, 7, 100)");
		this.orderTotals.refresh();
		assertThat(this.orderTotals.findById(7L).orElseThrow().getTotal()).isEqualByComparingTo(new BigDecimal("115"));
	}

}
// end::data-jpa-test[]
