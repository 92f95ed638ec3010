package io.pgtrickle.test.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.pgtrickle.test.conformance.ConformanceSupport.assertContentMatchesQuery;
import static io.pgtrickle.test.conformance.ConformanceSupport.catalogRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.createStreamTable;
import static io.pgtrickle.test.conformance.ConformanceSupport.differences;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.executeForNotices;
import static io.pgtrickle.test.conformance.ConformanceSupport.history;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRows;
import static io.pgtrickle.test.conformance.ConformanceSupport.refresh;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of manual refresh (contract §3.6, §3.9, §3.20, §5.2): after a refresh the stream table
 * holds exactly the defining query's result (compared with EXCEPT ALL both ways), the history records
 * the refresh honestly, a refresh runs in the caller's transaction, and a refresh that finds another
 * one in progress is skipped with a NOTICE. Stream tables use {@code '1h'} schedules so that only the
 * tests refresh them.
 */
@PgTrickleTest
class RefreshConformanceTests {

	private final DataSource dataSource;

	RefreshConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@ParameterizedTest(name = "[{index}] {0} ({1})")
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
			"filter and projection|AUTO|id, customer_id, amount|"
					+ "SELECT id, customer_id, amount FROM public.{orders} WHERE amount > 20",
			"expressions over NULLs|FULL|id, note, doubled|"
					+ "SELECT id, coalesce(note, '-') AS note, amount * 2 AS doubled FROM public.{orders}",
			"inner join|AUTO|id, name, amount|SELECT o.id, c.name, o.amount FROM public.{orders} o "
					+ "JOIN public.{customers} c ON c.id = o.customer_id",
			"left join|AUTO|id, name, order_id|SELECT c.id, c.name, o.id AS order_id FROM public.{customers} c "
					+ "LEFT JOIN public.{orders} o ON o.customer_id = c.id",
			"grouped aggregate|AUTO|customer_id, orders, total|SELECT customer_id, count(*) AS orders, "
					+ "sum(amount) AS total FROM public.{orders} GROUP BY customer_id",
			"aggregate over a join with a NULL group|FULL|region, average, biggest|SELECT c.region, "
					+ "avg(o.amount) AS average, max(o.amount) AS biggest FROM public.{orders} o "
					+ "JOIN public.{customers} c ON c.id = o.customer_id GROUP BY c.region",
			"distinct|AUTO|customer_id|SELECT DISTINCT customer_id FROM public.{orders}",
			"union all|FULL|key, kind|SELECT id AS key, 'order' AS kind FROM public.{orders} "
					+ "UNION ALL SELECT id, 'customer' FROM public.{customers}" })
	void refreshedContentEqualsTheDefiningQueryResult(String shape, String refreshMode, String columns,
			String queryTemplate) throws SQLException {
		String orders = uniqueName("orders");
		String customers = uniqueName("customers");
		createSources(orders, customers);
		String query = queryTemplate.replace("{orders}", orders).replace("{customers}", customers);
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, query, "1h", refreshMode);
		assertContentMatchesQuery(this.dataSource, "public." + name, columns, query);

		execute(this.dataSource, "INSERT INTO public." + orders + " VALUES (101, 2, 55.50, NULL, DATE '2024-03-01'), "
				+ "(102, 6, 7.25, 'new customer', DATE '2024-03-02'), (103, 2, 55.50, NULL, DATE '2024-03-01')");
		execute(this.dataSource, "INSERT INTO public." + customers + " VALUES (6, 'Frank', NULL)");
		execute(this.dataSource, "UPDATE public." + orders + " SET amount = amount + 100, note = NULL WHERE id = 3");
		execute(this.dataSource, "DELETE FROM public." + orders + " WHERE customer_id = 4 OR id = 7");
		execute(this.dataSource, "UPDATE public." + customers + " SET region = 'north' WHERE id = 5");
		assertThat(differences(this.dataSource, "public." + name, columns, query))
			.as("the stream table differs from the query before the refresh")
			.isPositive();

		refresh(this.dataSource, "public." + name);
		assertContentMatchesQuery(this.dataSource, "public." + name, columns, query);
	}

	@Test
	void differentialRefreshRecordsHonestRowCounts() throws SQLException {
		// A small change against 100 rows, well below the adaptive FULL fallback ratio (contract §1 GUC
		// differential_max_change_ratio, 0.15), so that the refresh applies the delta.
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " SELECT g, g * 10 FROM generate_series(1, 100) g");
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "DIFFERENTIAL");
		Timestamp dataTimestamp = (Timestamp) catalogRow(this.dataSource, "public", name).get("data_timestamp");

		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (101, 1010), (102, 1020)");
		execute(this.dataSource, "DELETE FROM public." + source + " WHERE id = 50");
		refresh(this.dataSource, "public." + name);

		Map<String, Object> latest = history(this.dataSource, "public", name).get(0);
		assertThat(latest).containsEntry("action", "DIFFERENTIAL")
			.containsEntry("status", "COMPLETED")
			.containsEntry("initiated_by", "MANUAL")
			.containsEntry("rows_inserted", 2L)
			.containsEntry("rows_deleted", 1L);
		Map<String, Object> fromFunction = queryRows(this.dataSource,
				"SELECT * FROM pgtrickle.get_refresh_history(name => ?, max_rows => 1)", "public." + name)
			.get(0);
		assertThat(fromFunction).containsEntry("refresh_id", latest.get("refresh_id"))
			.containsEntry("rows_inserted", 2L)
			.containsEntry("rows_deleted", 1L);
		assertThat((Timestamp) catalogRow(this.dataSource, "public", name).get("data_timestamp"))
			.isAfter(dataTimestamp);
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
	}

	@Test
	void manualRefreshRecordsACompletedManualHistoryRow() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 1), (2, 2)");
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1h", "FULL");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (3, 3)");
		refresh(this.dataSource, "public." + name);

		List<Map<String, Object>> history = history(this.dataSource, "public", name);
		assertThat(history).hasSize(2);
		assertThat(history).extracting((row) -> row.get("initiated_by")).containsExactly("MANUAL", "INITIAL");
		Map<String, Object> manual = history.get(0);
		assertThat(manual).containsEntry("action", "FULL").containsEntry("status", "COMPLETED");
		assertThat(manual.get("error_message")).isNull();
		assertThat((Timestamp) manual.get("end_time")).isAfterOrEqualTo((Timestamp) manual.get("start_time"));
		Map<String, Object> fromFunction = queryRows(this.dataSource,
				"SELECT * FROM pgtrickle.get_refresh_history(name => ?)", "public." + name)
			.get(0);
		assertThat(fromFunction).containsEntry("refresh_id", manual.get("refresh_id"))
			.containsEntry("action", "FULL")
			.containsEntry("status", "COMPLETED");
		assertThat(fromFunction.get("duration_ms")).isNotNull();
	}

	@Test
	void refreshRunsInTheCallersTransaction() throws SQLException {
		// Contract §2 "Transactions": the refresh sees the transaction's own writes and is undone with it.
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 1)");
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "AUTO");
		int historyRows = history(this.dataSource, "public", name).size();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			execute(connection, "INSERT INTO public." + source + " VALUES (2, 2)");
			execute(connection, "SELECT pgtrickle.refresh_stream_table(name => ?)", "public." + name);
			assertThat(queryRows(connection, "SELECT id FROM public." + name + " ORDER BY id"))
				.extracting((row) -> row.get("id"))
				.containsExactly(1, 2);
			connection.rollback();
		}
		assertThat(queryRows(this.dataSource, "SELECT id FROM public." + name)).extracting((row) -> row.get("id"))
			.containsExactly(1);
		assertThat(history(this.dataSource, "public", name)).hasSize(historyRows);
	}

	@Test
	void writeAndRefreshAppliesTheWriteAndRefreshes() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "AUTO");
		execute(this.dataSource, "SELECT pgtrickle.write_and_refresh(sql => ?, stream_table_name => ?)",
				"INSERT INTO public." + source + " VALUES (1, 10), (2, 20)", "public." + name);
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
		assertThat(history(this.dataSource, "public", name).get(0)).containsEntry("initiated_by", "MANUAL")
			.containsEntry("status", "COMPLETED");
	}

	@Test
	void refreshWhileAnotherSessionHoldsTheRefreshIsSkippedWithANotice() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 1)");
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "FULL");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (2, 2)");
		try (Connection holder = this.dataSource.getConnection(); Connection other = this.dataSource.getConnection()) {
			holder.setAutoCommit(false);
			execute(holder, "SELECT pgtrickle.refresh_stream_table(name => ?)", "public." + name);
			// The skipped call must return at once; a timeout turns a wait on the holder into a failure.
			execute(other, "SET statement_timeout = '10s'");
			List<String> notices = executeForNotices(other, "SELECT pgtrickle.refresh_stream_table(name => ?)",
					"public." + name);
			assertThat(notices)
				.contains("refresh skipped: public." + name + " — another refresh is already in progress");
			holder.commit();
		}
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
		assertThat(history(this.dataSource, "public", name)).extracting((row) -> row.get("initiated_by"))
			.containsExactly("MANUAL", "INITIAL");
	}

	/**
	 * {@code customers(id, name, region)} with five rows (one region NULL) and {@code orders(id,
	 * customer_id, amount numeric(10,2), note, created)} with twenty rows, four per customer.
	 */
	private void createSources(String orders, String customers) throws SQLException {
		execute(this.dataSource, "CREATE TABLE public." + customers + " (id int PRIMARY KEY, name text, region text)");
		execute(this.dataSource, "INSERT INTO public." + customers + " VALUES (1, 'Ann', 'north'), "
				+ "(2, 'Bob', 'south'), (3, 'Cid', 'south'), (4, 'Dee', 'east'), (5, 'Eve', NULL)");
		execute(this.dataSource, "CREATE TABLE public." + orders + " (id int PRIMARY KEY, customer_id int, "
				+ "amount numeric(10,2), note text, created date)");
		execute(this.dataSource, "INSERT INTO public." + orders + " SELECT g, g % 5 + 1, round(g * 3.75, 2), "
				+ "CASE WHEN g % 4 = 0 THEN NULL ELSE 'note ' || g END, DATE '2024-01-01' + g "
				+ "FROM generate_series(1, 20) AS g");
	}

}
