package io.pgtrickle.jpa.sales;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableInfo;

/**
 * Creates the sales schema: source tables {@code customers} and {@code orders}, and stream tables
 * {@code order_totals} (an aggregate), {@code big_orders} (a filter, not an aggregate) and
 * {@code customer_names} (over a source without a primary key), all with a one-hour schedule so that
 * the scheduler leaves them alone during a test.
 */
public final class SalesDatabase {

	/** The defining query of {@code order_totals}. */
	public static final String ORDER_TOTALS_QUERY = "SELECT customer_id, sum(amount) AS total, "
			+ "count(*)::int AS order_count FROM orders GROUP BY customer_id";

	private SalesDatabase() {
	}

	/**
	 * Drop what a previous run may have left and create the schema with its rows.
	 * @param dataSource the database
	 */
	public static void create(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		PgTrickleTemplate pgTrickle = new PgTrickleTemplate(dataSource);
		for (StreamTableInfo info : pgTrickle.findAll()) {
			pgTrickle.dropIfExists(info.name(), true);
		}
		jdbc.execute("DROP TABLE IF EXISTS orders, customers, visits, notes, plain_totals CASCADE");
		jdbc.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL)");
		jdbc.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, "
				+ "amount numeric(12, 2) NOT NULL)");
		jdbc.execute("CREATE TABLE visits (customer_id bigint NOT NULL, page text NOT NULL)");
		jdbc.execute("INSERT INTO customers SELECT i, 'customer ' || i FROM generate_series(1, 30) i");
		jdbc.execute("INSERT INTO orders SELECT i, 1 + i % 30, (i * 7 % 500) + 0.25 FROM generate_series(1, 300) i");
		jdbc.execute("INSERT INTO visits SELECT 1 + i % 5, 'page ' || (i % 3) FROM generate_series(1, 20) i");
		pgTrickle.create(definition("public.order_totals", ORDER_TOTALS_QUERY));
		pgTrickle.create(definition("public.big_orders", "SELECT id, customer_id, amount FROM orders WHERE amount > 400"));
		pgTrickle.create(definition("public.visit_counts",
				"SELECT customer_id, count(*) AS visits FROM visits GROUP BY customer_id"));
	}

	private static StreamTableDefinition definition(String name, String query) {
		return StreamTableDefinition.builder(name, query).schedule(Schedule.parse("1h")).build();
	}

	/**
	 * Return a fingerprint of the rows of a table: equal fingerprints mean no row changed.
	 * @param dataSource the database
	 * @param table the table
	 * @return the fingerprint
	 */
	public static String fingerprint(DataSource dataSource, String table) {
		return new JdbcTemplate(dataSource).queryForObject("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, "
				+ "',' ORDER BY t::text)), '') FROM " + table + " t", String.class);
	}

}
