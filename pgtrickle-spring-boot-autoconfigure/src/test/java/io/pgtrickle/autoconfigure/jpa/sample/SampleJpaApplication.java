package io.pgtrickle.autoconfigure.jpa.sample;

import javax.sql.DataSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableName;

/**
 * The sample application: its package holds the entities and repositories.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SampleJpaApplication {

	/**
	 * Create the schema of the sample: source table {@code orders} and stream table
	 * {@code order_totals}, replacing what a previous run left.
	 * @param dataSource the database
	 */
	public static void createSchema(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		PgTrickleTemplate pgTrickle = new PgTrickleTemplate(dataSource);
		pgTrickle.dropIfExists(StreamTableName.of("public.order_totals"), true);
		jdbc.execute("DROP TABLE IF EXISTS orders, notes CASCADE");
		jdbc.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric NOT NULL)");
		jdbc.execute("INSERT INTO orders SELECT i, 1 + i % 20, i FROM generate_series(1, 200) i");
		pgTrickle.create(StreamTableDefinition.builder("public.order_totals",
				"SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
	}

}
