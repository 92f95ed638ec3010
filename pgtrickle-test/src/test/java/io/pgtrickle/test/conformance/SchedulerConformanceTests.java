package io.pgtrickle.test.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;

import static io.pgtrickle.test.conformance.ConformanceSupport.SCHEDULER_DEADLINE;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertContentMatchesQuery;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertFails;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertHoldsFor;
import static io.pgtrickle.test.conformance.ConformanceSupport.awaitCondition;
import static io.pgtrickle.test.conformance.ConformanceSupport.catalogRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.differences;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.history;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryCount;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRows;
import static io.pgtrickle.test.conformance.ConformanceSupport.status;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of the scheduler (contract §1, §6.2, §6.3, §3.17): duration schedules are refreshed
 * whether or not sources changed (NO_DATA when idle), CALCULATED ones when a source changed,
 * unpopulated tables are populated, SUSPENDED ones are skipped, a permanent refresh failure puts the
 * table in ERROR, and {@code health_check()} sees the scheduler. The scheduler is the subject here, so
 * these tests use short schedules and wait with deadlines.
 */
@PgTrickleTest
class SchedulerConformanceTests {

	private final DataSource dataSource;

	SchedulerConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Test
	void healthCheckReportsTheSchedulerRunning() throws Exception {
		awaitCondition(SCHEDULER_DEADLINE, "health_check() reports scheduler_running OK",
				() -> "OK".equals(schedulerCheckSeverity()));
		assertThat(queryRows(this.dataSource, "SELECT scheduler_running FROM pgtrickle.quick_health"))
			.singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("scheduler_running", true));
	}

	@Test
	void durationScheduledStreamTableIsRefreshedByTheScheduler() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1s", "FULL");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (10, 100), (11, 110)");
		execute(this.dataSource, "DELETE FROM public." + source + " WHERE id = 1");
		awaitCondition(SCHEDULER_DEADLINE, "the scheduler refreshed " + name,
				() -> differences(this.dataSource, "public." + name, "id, v", query) == 0);
		awaitCondition(SCHEDULER_DEADLINE, "the history of " + name + " shows a completed scheduler refresh",
				() -> history(this.dataSource, "public", name).stream()
					.anyMatch((row) -> "SCHEDULER".equals(row.get("initiated_by")) && "FULL".equals(row.get("action"))
							&& "COMPLETED".equals(row.get("status"))));
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE")
			.containsEntry("consecutive_errors", 0);
	}

	@Test
	void idleDurationScheduledStreamTableIsPolledWithNoDataRefreshes() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1s", "FULL");
		Map<String, Object> created = catalogRow(this.dataSource, "public", name);
		awaitCondition(SCHEDULER_DEADLINE, "the scheduler recorded two NO_DATA refreshes of " + name,
				() -> history(this.dataSource, "public", name).stream()
					.filter((row) -> "SCHEDULER".equals(row.get("initiated_by")) && "NO_DATA".equals(row.get("action"))
							&& "COMPLETED".equals(row.get("status")))
					.count() >= 2);
		Map<String, Object> polled = catalogRow(this.dataSource, "public", name);
		// NO_DATA polls move last_refresh_at but not data_timestamp (contract §5.1).
		assertThat(polled.get("data_timestamp")).isEqualTo(created.get("data_timestamp"));
		assertThat((Timestamp) polled.get("last_refresh_at")).isAfter((Timestamp) created.get("last_refresh_at"));
		assertThat(history(this.dataSource, "public", name))
			.filteredOn((row) -> "NO_DATA".equals(row.get("action")))
			.allSatisfy((row) -> assertThat(row).containsEntry("rows_inserted", 0L).containsEntry("rows_deleted", 0L));
	}

	@Test
	void calculatedStreamTableIsRefreshedAfterASourceChange() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "calculated", "FULL");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (20, 200)");
		awaitCondition(SCHEDULER_DEADLINE, "the scheduler refreshed " + name + " after its source changed",
				() -> differences(this.dataSource, "public." + name, "id, v", query) == 0);
		assertThat(history(this.dataSource, "public", name)).anySatisfy((row) -> assertThat(row)
			.containsEntry("initiated_by", "SCHEDULER")
			.containsEntry("status", "COMPLETED"));
	}

	@Test
	void uninitializedStreamTableIsPopulatedByTheScheduler() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		try (Connection connection = this.dataSource.getConnection()) {
			// The source also changes in the creating transaction: on 0.67.0 a refresh worker that finds
			// no captured change records NO_DATA even for an unpopulated table (src/scheduler/mod.rs,
			// execute_worker_singleton), which is not the behaviour under test.
			connection.setAutoCommit(false);
			execute(connection, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
					+ "refresh_mode => 'FULL', initialize => false, cdc_mode => 'trigger')", "public." + name, query);
			execute(connection, "INSERT INTO public." + source + " VALUES (30, 300)");
			connection.commit();
		}
		awaitCondition(SCHEDULER_DEADLINE, "the scheduler populated " + name,
				() -> Boolean.TRUE.equals(catalogRow(this.dataSource, "public", name).get("is_populated")));
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE");
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
		assertThat(history(this.dataSource, "public", name)).anySatisfy((row) -> assertThat(row)
			.containsEntry("initiated_by", "SCHEDULER")
			.containsEntry("action", "FULL")
			.containsEntry("status", "COMPLETED"));
	}

	@Test
	void suspendedStreamTableIsSkippedUntilResumed() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1s", "FULL");
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
				"public." + name);
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (40, 400)");
		assertHoldsFor(Duration.ofSeconds(3), "the suspended " + name + " is not refreshed",
				() -> queryCount(this.dataSource, "SELECT count(*) FROM public." + name) == 3);
		execute(this.dataSource, "SELECT pgtrickle.resume_stream_table(name => ?)", "public." + name);
		awaitCondition(SCHEDULER_DEADLINE, "the scheduler refreshed the resumed " + name,
				() -> differences(this.dataSource, "public." + name, "id, v", query) == 0);
	}

	@Test
	void permanentRefreshFailurePutsTheStreamTableInError() throws Exception {
		// Contract §6.2: a non-retryable failure sets ERROR with last_error_message. A division by zero
		// is permanent (0.67.0 src/error.rs classify_spi_error_retryable: data exceptions never heal
		// by themselves), so one failed scheduler refresh is enough.
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, d int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 1), (2, 2)");
		String name = uniqueName("st");
		String query = "SELECT id, 100 / d AS q FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1s", "FULL");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (3, 0)");
		awaitCondition(SCHEDULER_DEADLINE, name + " is in ERROR",
				() -> "ERROR".equals(status(this.dataSource, "public", name)));
		Map<String, Object> failed = catalogRow(this.dataSource, "public", name);
		assertThat((String) failed.get("last_error_message")).contains("division by zero");
		assertThat(failed.get("last_error_at")).isNotNull();
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM public." + name)).isEqualTo(2);
		assertFails(this.dataSource, "22023", "invalid argument: stream table public." + name
				+ " is in error state ; use pgtrickle.resume_stream_table('" + name + "') first",
				"SELECT pgtrickle.refresh_stream_table(name => ?)", "public." + name);

		execute(this.dataSource, "DELETE FROM public." + source + " WHERE d = 0");
		long lastRefreshId = history(this.dataSource, "public", name).stream()
			.mapToLong((row) -> (Long) row.get("refresh_id"))
			.max()
			.orElse(0);
		execute(this.dataSource, "SELECT pgtrickle.resume_stream_table(name => ?)", "public." + name);
		Map<String, Object> resumed = catalogRow(this.dataSource, "public", name);
		assertThat(resumed).containsEntry("consecutive_errors", 0);
		assertThat(resumed.get("last_error_message")).isNull();
		awaitCondition(SCHEDULER_DEADLINE, "the resumed " + name + " is refreshed by the scheduler again",
				() -> history(this.dataSource, "public", name).stream()
					.anyMatch((row) -> (Long) row.get("refresh_id") > lastRefreshId
							&& "SCHEDULER".equals(row.get("initiated_by")) && "COMPLETED".equals(row.get("status"))));
		assertThat(status(this.dataSource, "public", name)).isEqualTo("ACTIVE");
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, q", query);
	}

	private String schedulerCheckSeverity() throws SQLException {
		List<Map<String, Object>> rows = queryRows(this.dataSource,
				"SELECT severity FROM pgtrickle.health_check() WHERE check_name = 'scheduler_running'");
		return rows.isEmpty() ? null : (String) rows.get(0).get("severity");
	}

	/**
	 * Creates a stream table with trigger-based change capture, so that the scheduler's work does not
	 * depend on a WAL transition (the real image runs with {@code wal_level = logical}).
	 */
	private static void createStreamTable(DataSource dataSource, String name, String query, String schedule,
			String refreshMode) throws SQLException {
		execute(dataSource, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => ?, "
				+ "refresh_mode => ?, cdc_mode => 'trigger')", name, query, schedule, refreshMode);
	}

	private String createSource() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 10), (2, 20), (3, 30)");
		return source;
	}

}
