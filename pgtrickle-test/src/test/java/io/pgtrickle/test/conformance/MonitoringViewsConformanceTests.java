package io.pgtrickle.test.conformance;

import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;

import static io.pgtrickle.test.conformance.ConformanceSupport.SCHEDULER_DEADLINE;
import static io.pgtrickle.test.conformance.ConformanceSupport.awaitCondition;
import static io.pgtrickle.test.conformance.ConformanceSupport.columnLabels;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.refresh;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of the per-table monitoring surface (contract §3.13, §3.21, §5.4, §5.5): the columns
 * and computed values of {@code pgt_status()}, {@code stream_tables_info},
 * {@code pg_stat_stream_tables} and {@code get_staleness()}, read by column name. Computed values are
 * compared with the catalog inside one statement, so that both see the same {@code now()}.
 */
@PgTrickleTest
class MonitoringViewsConformanceTests {

	private final DataSource dataSource;

	MonitoringViewsConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Test
	void pgtStatusReportsEachStreamTable() throws SQLException {
		String name = createStreamTable("1h", "AUTO");
		assertThat(columnLabels(this.dataSource, "SELECT * FROM pgtrickle.pgt_status()")).contains("name", "status",
				"refresh_mode", "is_populated", "consecutive_errors", "schedule", "data_timestamp", "staleness",
				"scc_id");
		Map<String, Object> row = queryRow(this.dataSource,
				"SELECT s.status, s.refresh_mode, s.is_populated, s.consecutive_errors, s.schedule, s.scc_id, "
						+ "s.data_timestamp = st.data_timestamp AS same_data_timestamp, "
						+ "s.staleness = now() - st.data_timestamp AS staleness_since_data "
						+ "FROM pgtrickle.pgt_status() s JOIN pgtrickle.pgt_stream_tables st "
						+ "ON s.name = st.pgt_schema || '.' || st.pgt_name WHERE s.name = ?",
				"public." + name);
		assertThat(row).containsEntry("status", "ACTIVE")
			.containsEntry("refresh_mode", "DIFFERENTIAL")
			.containsEntry("is_populated", true)
			.containsEntry("consecutive_errors", 0)
			.containsEntry("schedule", "1h")
			.containsEntry("scc_id", null)
			.containsEntry("same_data_timestamp", true)
			.containsEntry("staleness_since_data", true);
	}

	@Test
	void pgtStatusReportsNoScheduleForCalculatedStreamTables() throws SQLException {
		String name = createStreamTable("calculated", "AUTO");
		assertThat(queryRow(this.dataSource, "SELECT schedule FROM pgtrickle.pgt_status() WHERE name = ?",
				"public." + name))
			.containsEntry("schedule", null);
	}

	@Test
	void streamTablesInfoAddsStalenessToTheCatalogColumns() throws SQLException {
		String name = createStreamTable("1h", "AUTO");
		assertThat(columnLabels(this.dataSource, "SELECT * FROM pgtrickle.stream_tables_info"))
			.contains("pgt_id", "pgt_schema", "pgt_name", "status", "refresh_mode", "schedule", "last_refresh_at",
					"data_timestamp", "consecutive_errors", "staleness", "stale", "is_topk");
		Map<String, Object> row = queryRow(this.dataSource,
				"SELECT status, stale, is_topk, staleness = now() - last_refresh_at AS staleness_since_refresh "
						+ "FROM pgtrickle.stream_tables_info WHERE pgt_schema = 'public' AND pgt_name = ?",
				name);
		assertThat(row).containsEntry("status", "ACTIVE")
			.containsEntry("stale", false)
			.containsEntry("is_topk", false)
			.containsEntry("staleness_since_refresh", true);
	}

	@Test
	void staleIsNullForCronAndCalculatedSchedules() throws SQLException {
		String cron = createStreamTable("@daily", "AUTO");
		String calculated = createStreamTable("calculated", "AUTO");
		for (String name : new String[] { cron, calculated }) {
			assertThat(queryRow(this.dataSource,
					"SELECT stale FROM pgtrickle.stream_tables_info WHERE pgt_schema = 'public' AND pgt_name = ?",
					name))
				.as("stream_tables_info.stale of %s", name)
				.containsEntry("stale", null);
			assertThat(queryRow(this.dataSource,
					"SELECT stale FROM pgtrickle.pg_stat_stream_tables WHERE pgt_schema = 'public' AND pgt_name = ?",
					name))
				.as("pg_stat_stream_tables.stale of %s", name)
				.containsEntry("stale", null);
		}
	}

	@Test
	void staleIsTrueOnceTheLastRefreshIsOlderThanTheSchedule() throws Exception {
		// A suspended table is not polled, so its last refresh ages past its one-second schedule.
		String name = createStreamTable("1s", "FULL");
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
				"public." + name);
		awaitCondition(SCHEDULER_DEADLINE, "stream_tables_info reports " + name + " stale",
				() -> Boolean.TRUE.equals(queryValue(this.dataSource, Boolean.class,
						"SELECT stale FROM pgtrickle.stream_tables_info WHERE pgt_schema = 'public' AND pgt_name = ?",
						name)));
		assertThat(queryRow(this.dataSource, "SELECT stale, staleness > interval '1 second' AS older "
				+ "FROM pgtrickle.pg_stat_stream_tables WHERE pgt_schema = 'public' AND pgt_name = ?", name))
			.containsEntry("stale", true)
			.containsEntry("older", true);
	}

	@Test
	void pgStatStreamTablesSummarizesTheHistory() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 10), (2, 20)");
		String name = uniqueName("st");
		execute(this.dataSource, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
				+ "refresh_mode => 'FULL', cdc_mode => 'trigger')", "public." + name, "SELECT id, v FROM public." + source);
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (3, 30)");
		refresh(this.dataSource, "public." + name);
		refresh(this.dataSource, "public." + name);
		assertThat(columnLabels(this.dataSource, "SELECT * FROM pgtrickle.pg_stat_stream_tables")).contains("pgt_id",
				"pgt_schema", "pgt_name", "status", "refresh_mode", "is_populated", "data_timestamp", "schedule",
				"staleness", "stale", "consecutive_errors", "needs_reinit", "last_refresh_at", "total_refreshes",
				"successful_refreshes", "failed_refreshes", "total_rows_inserted", "total_rows_deleted",
				"avg_duration_ms", "last_action", "last_status", "cdc_modes", "scc_id", "last_fixpoint_iterations",
				"refresh_tier");
		Map<String, Object> row = queryRow(this.dataSource,
				"SELECT s.status, s.refresh_mode, s.is_populated, s.schedule, s.stale, s.consecutive_errors, "
						+ "s.needs_reinit, s.total_refreshes, s.successful_refreshes, s.failed_refreshes, "
						+ "s.total_rows_inserted = h.inserted AS inserted_matches, "
						+ "s.total_rows_deleted = h.deleted AS deleted_matches, "
						+ "s.avg_duration_ms IS NOT NULL AS has_avg_duration, s.last_action, s.last_status, "
						+ "array_to_string(s.cdc_modes, ',') AS cdc_modes, s.refresh_tier, "
						+ "s.staleness = now() - st.last_refresh_at AS staleness_since_refresh "
						+ "FROM pgtrickle.pg_stat_stream_tables s "
						+ "JOIN pgtrickle.pgt_stream_tables st USING (pgt_id) "
						+ "CROSS JOIN LATERAL (SELECT sum(rows_inserted) AS inserted, sum(rows_deleted) AS deleted "
						+ "FROM pgtrickle.pgt_refresh_history WHERE pgt_id = s.pgt_id) h "
						+ "WHERE s.pgt_schema = 'public' AND s.pgt_name = ?",
				name);
		assertThat(row).containsEntry("status", "ACTIVE")
			.containsEntry("refresh_mode", "FULL")
			.containsEntry("is_populated", true)
			.containsEntry("schedule", "1h")
			.containsEntry("stale", false)
			.containsEntry("consecutive_errors", 0)
			.containsEntry("needs_reinit", false)
			.containsEntry("total_refreshes", 3L)
			.containsEntry("successful_refreshes", 3L)
			.containsEntry("failed_refreshes", 0L)
			.containsEntry("inserted_matches", true)
			.containsEntry("deleted_matches", true)
			.containsEntry("has_avg_duration", true)
			.containsEntry("last_action", "FULL")
			.containsEntry("last_status", "COMPLETED")
			.containsEntry("cdc_modes", "TRIGGER")
			.containsEntry("refresh_tier", "hot")
			.containsEntry("staleness_since_refresh", true);
	}

	@Test
	void getStalenessReturnsTheSecondsSinceTheDataTimestamp() throws SQLException {
		String name = createStreamTable("1h", "AUTO");
		assertThat(queryValue(this.dataSource, Boolean.class,
				"SELECT abs(pgtrickle.get_staleness(?) - extract(epoch FROM now() - data_timestamp)::float8) < 0.5 "
						+ "FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = 'public' AND pgt_name = ?",
				"public." + name, name))
			.isTrue();
	}

	private String createStreamTable(String schedule, String refreshMode) throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 10), (2, 20)");
		String name = uniqueName("st");
		ConformanceSupport.createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source,
				schedule, refreshMode);
		return name;
	}

}
