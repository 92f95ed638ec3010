package io.pgtrickle.test.conformance;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.pgtrickle.test.conformance.ConformanceSupport.SCHEDULER_DEADLINE;
import static io.pgtrickle.test.conformance.ConformanceSupport.awaitCondition;
import static io.pgtrickle.test.conformance.ConformanceSupport.columnLabels;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRows;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of the database-wide health surface (contract §3.17, §5.7): the counts and the status of
 * {@code quick_health} (EMPTY, OK, WARNING, CRITICAL in that order) and the {@code error_tables} and
 * {@code stale_tables} checks of {@code health_check()}. These count every stream table of the
 * database, so each test starts from a database without stream tables.
 */
@PgTrickleTest
class HealthConformanceTests {

	private final DataSource dataSource;

	HealthConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@BeforeEach
	void dropAllStreamTables() throws SQLException {
		List<Map<String, Object>> remaining;
		while (!(remaining = queryRows(this.dataSource,
				"SELECT pgt_schema || '.' || pgt_name AS name FROM pgtrickle.pgt_stream_tables LIMIT 1"))
			.isEmpty()) {
			execute(this.dataSource, "SELECT pgtrickle.drop_stream_table(name => ?, cascade => true)",
					remaining.get(0).get("name"));
		}
	}

	@Test
	void quickHealthIsEmptyWithoutStreamTables() throws SQLException {
		assertThat(columnLabels(this.dataSource, "SELECT * FROM pgtrickle.quick_health")).contains(
				"total_stream_tables", "error_tables", "stale_tables", "scheduler_running", "status");
		assertThat(quickHealth()).containsEntry("total_stream_tables", 0L)
			.containsEntry("error_tables", 0L)
			.containsEntry("stale_tables", 0L)
			.containsEntry("status", "EMPTY");
	}

	@Test
	void quickHealthIsOkWithHealthyStreamTables() throws SQLException {
		createStreamTable("1h");
		createStreamTable("calculated");
		assertThat(quickHealth()).containsEntry("total_stream_tables", 2L)
			.containsEntry("error_tables", 0L)
			.containsEntry("stale_tables", 0L)
			.containsEntry("status", "OK");
		assertThat(healthCheck("error_tables")).containsEntry("severity", "OK");
		assertThat(healthCheck("stale_tables")).containsEntry("severity", "OK");
	}

	@Test
	void quickHealthIsWarningWithAStreamTableInError() throws SQLException {
		createStreamTable("1h");
		String failed = createStreamTable("1h");
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'ERROR')",
				"public." + failed);
		assertThat(quickHealth()).containsEntry("total_stream_tables", 2L)
			.containsEntry("error_tables", 1L)
			.containsEntry("status", "WARNING");
		Map<String, Object> check = healthCheck("error_tables");
		assertThat(check).containsEntry("severity", "ERROR");
		assertThat((String) check.get("detail")).contains("public." + failed);
	}

	@Test
	void quickHealthIsCriticalWithASuspendedStreamTable() throws Exception {
		createStreamTable("1h");
		String suspended = createStreamTable("1s");
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
				"public." + suspended);
		assertThat(quickHealth()).containsEntry("status", "CRITICAL").containsEntry("error_tables", 0L);
		assertThat(healthCheck("error_tables")).containsEntry("severity", "ERROR");
		// Not polled while suspended, the one-second table turns stale.
		awaitCondition(SCHEDULER_DEADLINE, "quick_health counts the suspended table as stale",
				() -> Long.valueOf(1).equals(quickHealth().get("stale_tables")));
		assertThat(quickHealth()).containsEntry("status", "CRITICAL");
		Map<String, Object> stale = healthCheck("stale_tables");
		assertThat(stale).containsEntry("severity", "WARN");
		assertThat((String) stale.get("detail")).contains("public." + suspended);
	}

	@Test
	void healthCheckSeveritiesAreFromTheContract() throws SQLException {
		createStreamTable("1h");
		assertThat(queryRows(this.dataSource, "SELECT check_name, severity, detail FROM pgtrickle.health_check()"))
			.isNotEmpty()
			.allSatisfy((row) -> assertThat(row.get("severity")).isIn("OK", "WARN", "ERROR", "WARNING"))
			.extracting((row) -> row.get("check_name"))
			.contains("scheduler_running", "error_tables", "stale_tables");
	}

	private Map<String, Object> quickHealth() throws SQLException {
		return queryRow(this.dataSource, "SELECT total_stream_tables, error_tables, stale_tables, scheduler_running, "
				+ "status FROM pgtrickle.quick_health");
	}

	private Map<String, Object> healthCheck(String checkName) throws SQLException {
		return queryRow(this.dataSource,
				"SELECT severity, detail FROM pgtrickle.health_check() WHERE check_name = ?", checkName);
	}

	private String createStreamTable(String schedule) throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 10)");
		String name = uniqueName("st");
		ConformanceSupport.createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source,
				schedule, "FULL");
		assertThat(queryValue(this.dataSource, String.class,
				"SELECT status FROM pgtrickle.pgt_stream_tables WHERE pgt_name = ?", name))
			.isEqualTo("ACTIVE");
		return name;
	}

}
