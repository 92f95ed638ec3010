package io.pgtrickle.test.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;

import static io.pgtrickle.test.conformance.ConformanceSupport.assertContentMatchesQuery;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertFails;
import static io.pgtrickle.test.conformance.ConformanceSupport.catalogRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.executeForNotices;
import static io.pgtrickle.test.conformance.ConformanceSupport.history;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRows;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of stream table statuses and their transitions (contract §6.2, §3.4, §3.6, §3.7):
 * INITIALIZING until the first refresh, SUSPENDED and ERROR set through {@code alter_stream_table},
 * manual refresh refused in both, and the ways back to ACTIVE. Stream tables use {@code '1h'}
 * schedules; the scheduler skips SUSPENDED and ERROR tables.
 */
@PgTrickleTest
class StatusConformanceTests {

	private final DataSource dataSource;

	StatusConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Test
	void createWithoutInitializeLeavesTheStreamTableInitializingUntilTheFirstRefresh() throws SQLException {
		// The scheduler refreshes any unpopulated table on its next tick, so the whole sequence runs in
		// one transaction that the scheduler cannot see until it commits.
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			execute(connection, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
					+ "initialize => false)", "public." + name, query);
			Map<String, Object> created = queryRows(connection,
					"SELECT status, is_populated, data_timestamp FROM pgtrickle.pgt_stream_tables WHERE pgt_name = ?",
					name)
				.get(0);
			assertThat(created).containsEntry("status", "INITIALIZING").containsEntry("is_populated", false);
			assertThat(created.get("data_timestamp")).isNull();
			assertThat(queryValue(connection, Long.class, "SELECT count(*) FROM public." + name)).isZero();
			assertThat(queryValue(connection, Long.class,
					"SELECT count(*) FROM pgtrickle.pgt_refresh_history h JOIN pgtrickle.pgt_stream_tables st "
							+ "USING (pgt_id) WHERE st.pgt_name = ?",
					name))
				.isZero();
			assertThat(queryValue(connection, Double.class, "SELECT pgtrickle.get_staleness(?)", "public." + name))
				.isNull();

			execute(connection, "SELECT pgtrickle.refresh_stream_table(name => ?)", "public." + name);
			Map<String, Object> refreshed = queryRows(connection,
					"SELECT status, is_populated FROM pgtrickle.pgt_stream_tables WHERE pgt_name = ?", name)
				.get(0);
			assertThat(refreshed).containsEntry("status", "ACTIVE").containsEntry("is_populated", true);
			connection.commit();
		}
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
		List<Map<String, Object>> history = history(this.dataSource, "public", name);
		assertThat(history).isNotEmpty();
		assertThat(history.get(history.size() - 1)).containsEntry("action", "FULL")
			.containsEntry("status", "COMPLETED")
			.containsEntry("initiated_by", "MANUAL");
	}

	@Test
	void alterToSuspendedSuspendsTheStreamTable() throws SQLException {
		String name = createStreamTable();
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'suspended')",
				"public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "SUSPENDED");
		assertThat(queryValue(this.dataSource, String.class,
				"SELECT status FROM pgtrickle.pgt_status() WHERE name = ?", "public." + name))
			.isEqualTo("SUSPENDED");
	}

	@Test
	void refreshOfASuspendedStreamTableIsRejected() throws SQLException {
		String name = createStreamTable();
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
				"public." + name);
		int historyBefore = history(this.dataSource, "public", name).size();
		// The hint names the table unqualified when its schema is public (contract §3.6; 0.67.0
		// src/api/refresh_ops.rs).
		assertFails(this.dataSource, "22023", "invalid argument: stream table public." + name
				+ " is suspended ; use pgtrickle.resume_stream_table('" + name + "') first",
				"SELECT pgtrickle.refresh_stream_table(name => ?)", "public." + name);
		assertThat(history(this.dataSource, "public", name)).hasSize(historyBefore);
	}

	@Test
	void refreshOfAStreamTableInErrorIsRejected() throws SQLException {
		String name = createStreamTable();
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'ERROR')",
				"public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ERROR");
		assertFails(this.dataSource, "22023", "invalid argument: stream table public." + name
				+ " is in error state ; use pgtrickle.resume_stream_table('" + name + "') first",
				"SELECT pgtrickle.refresh_stream_table(name => ?)", "public." + name);
	}

	@Test
	void resumeOfASuspendedStreamTableMakesItActive() throws SQLException {
		String name = createStreamTable();
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
				"public." + name);
		Object pgtId = catalogRow(this.dataSource, "public", name).get("pgt_id");
		List<String> notices = executeForNotices(this.dataSource, "SELECT pgtrickle.resume_stream_table(name => ?)",
				"public." + name);
		assertThat(notices).contains("Stream table public." + name + " resumed (pgt_id=" + pgtId + ")");
		Map<String, Object> row = catalogRow(this.dataSource, "public", name);
		assertThat(row).containsEntry("status", "ACTIVE").containsEntry("consecutive_errors", 0);
		execute(this.dataSource, "SELECT pgtrickle.refresh_stream_table(name => ?)", "public." + name);
	}

	@Test
	void resumeOfAStreamTableInErrorMakesItActiveAndClearsTheError() throws SQLException {
		String name = createStreamTable();
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'ERROR')",
				"public." + name);
		execute(this.dataSource, "SELECT pgtrickle.resume_stream_table(name => ?)", "public." + name);
		Map<String, Object> row = catalogRow(this.dataSource, "public", name);
		assertThat(row).containsEntry("status", "ACTIVE").containsEntry("consecutive_errors", 0);
		assertThat(row.get("last_error_message")).isNull();
		assertThat(row.get("last_error_at")).isNull();
	}

	@Test
	void alterToActiveResumesASuspendedStreamTable() throws SQLException {
		String name = createStreamTable();
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
				"public." + name);
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'ACTIVE')",
				"public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE")
			.containsEntry("consecutive_errors", 0);
	}

	@Test
	void anyAlterOfAStreamTableInErrorMakesItActive() throws SQLException {
		// Contract §3.4: "any successful alter (even a schedule change) clears the error".
		String name = createStreamTable();
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'ERROR')",
				"public." + name);
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, schedule => '2h')", "public." + name);
		Map<String, Object> row = catalogRow(this.dataSource, "public", name);
		assertThat(row).containsEntry("status", "ACTIVE").containsEntry("schedule", "2h");
		assertThat(row.get("last_error_message")).isNull();
	}

	private String createStreamTable() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		ConformanceSupport.createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source,
				"1h", "AUTO");
		return name;
	}

	private String createSource() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " SELECT g, g * 10 FROM generate_series(1, 5) AS g");
		return source;
	}

}
