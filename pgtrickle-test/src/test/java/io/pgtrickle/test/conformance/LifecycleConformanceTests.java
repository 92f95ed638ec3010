package io.pgtrickle.test.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

import static io.pgtrickle.test.conformance.ConformanceSupport.assertContentMatchesQuery;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertFails;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertFailsStartingWith;
import static io.pgtrickle.test.conformance.ConformanceSupport.catalogRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.createStreamTable;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.executeForNotices;
import static io.pgtrickle.test.conformance.ConformanceSupport.history;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryCount;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.relationExists;
import static io.pgtrickle.test.conformance.ConformanceSupport.serverError;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of the lifecycle functions: {@code create_stream_table},
 * {@code create_stream_table_if_not_exists}, {@code create_or_replace_stream_table},
 * {@code alter_stream_table}, {@code drop_stream_table} and their errors (contract §3.1–§3.7, §8).
 * Stream tables use {@code '1h'} schedules so that the scheduler keeps away.
 */
@PgTrickleTest
class LifecycleConformanceTests {

	private final DataSource dataSource;

	LifecycleConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Test
	void createPopulatesTheStorageTableWithTheQueryResult() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source + " WHERE v > 30";
		createStreamTable(this.dataSource, "public." + name, query, "1h", "AUTO");
		Map<String, Object> row = catalogRow(this.dataSource, "public", name);
		assertThat(row).containsEntry("status", "ACTIVE").containsEntry("is_populated", true);
		assertThat(row.get("data_timestamp")).isNotNull();
		assertThat(row.get("last_refresh_at")).isNotNull();
		assertThat(queryValue(this.dataSource, Boolean.class,
				"SELECT pgt_relid = to_regclass(?)::oid FROM pgtrickle.pgt_stream_tables WHERE pgt_name = ?",
				"public." + name, name))
			.isTrue();
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM public." + name)).isEqualTo(7);
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
	}

	@Test
	void createRecordsAnInitialFullRefreshInTheHistory() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1h", "AUTO");
		List<Map<String, Object>> history = history(this.dataSource, "public", name);
		assertThat(history).hasSize(1);
		Map<String, Object> initial = history.get(0);
		assertThat(initial).containsEntry("action", "FULL")
			.containsEntry("status", "COMPLETED")
			.containsEntry("initiated_by", "INITIAL")
			.containsEntry("rows_inserted", 0L)
			.containsEntry("rows_deleted", 0L);
		assertThat(initial.get("end_time")).isNotNull();
	}

	@Test
	void createWithTheNameOfAnExistingStreamTableIsRejected() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "AUTO");
		Object pgtId = catalogRow(this.dataSource, "public", name).get("pgt_id");
		assertFails(this.dataSource, "42P07", "stream table already exists: public." + name,
				"SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '2h')", "public." + name,
				"SELECT id FROM public." + source);
		Map<String, Object> row = catalogRow(this.dataSource, "public", name);
		assertThat(row).containsEntry("pgt_id", pgtId).containsEntry("schedule", "1h");
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
	}

	@Test
	void createWithAnInvalidQueryForAnExistingNameReportsTheQueryError() throws SQLException {
		// Contract §3.1: the query is validated before the duplicate-name check.
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1h", "AUTO");
		ServerErrorMessage error = serverError(this.dataSource,
				"SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h')", "public." + name,
				"SELECT id FROM public.no_such_table");
		assertThat(error.getSQLState()).isEqualTo("42P01");
		assertThat(error.getMessage()).contains("no_such_table");
	}

	@Test
	void createIfNotExistsCreatesAMissingStreamTable() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		execute(this.dataSource, "SELECT pgtrickle.create_stream_table_if_not_exists(name => ?, query => ?, "
				+ "schedule => '1h')", "public." + name, query);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE");
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
	}

	@Test
	void createIfNotExistsLeavesAnExistingStreamTableUnchanged() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "AUTO");
		Map<String, Object> before = catalogRow(this.dataSource, "public", name);
		List<String> notices = executeForNotices(this.dataSource,
				"SELECT pgtrickle.create_stream_table_if_not_exists(name => ?, query => ?, schedule => '5m', "
						+ "refresh_mode => 'FULL')",
				"public." + name, "SELECT id FROM public." + source + " WHERE id < 3");
		assertThat(notices).contains("Stream table public." + name + " already exists — skipping creation.");
		Map<String, Object> after = catalogRow(this.dataSource, "public", name);
		assertThat(after).containsEntry("pgt_id", before.get("pgt_id"))
			.containsEntry("pgt_relid", before.get("pgt_relid"))
			.containsEntry("defining_query", before.get("defining_query"))
			.containsEntry("schedule", "1h")
			.containsEntry("refresh_mode", before.get("refresh_mode"));
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
	}

	@Test
	void createOrReplaceCreatesAMissingStreamTable() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createOrReplace("public." + name, query, "1h");
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE")
			.containsEntry("schedule", "1h")
			.containsEntry("refresh_mode", "DIFFERENTIAL");
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
	}

	@Test
	void createOrReplaceWithAnIdenticalDefinitionChangesNothing() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createOrReplace("public." + name, query, "1h");
		Map<String, Object> before = catalogRow(this.dataSource, "public", name);
		int historyBefore = history(this.dataSource, "public", name).size();
		List<String> notices = createOrReplace("public." + name, query, "1h");
		assertThat(notices)
			.contains("Stream table public." + name + " already exists with identical definition — no changes made.");
		Map<String, Object> after = catalogRow(this.dataSource, "public", name);
		assertThat(after).containsEntry("pgt_id", before.get("pgt_id"))
			.containsEntry("pgt_relid", before.get("pgt_relid"))
			.containsEntry("defining_query", before.get("defining_query"))
			.containsEntry("schedule", "1h");
		assertThat(history(this.dataSource, "public", name)).hasSize(historyBefore);
	}

	@Test
	void createOrReplaceWithANewQueryReplacesTheContentInPlace() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		createOrReplace("public." + name, "SELECT id, v FROM public." + source, "1h");
		Map<String, Object> before = catalogRow(this.dataSource, "public", name);
		String newQuery = "SELECT id, v FROM public." + source + " WHERE v >= 50";
		createOrReplace("public." + name, newQuery, "1h");
		Map<String, Object> after = catalogRow(this.dataSource, "public", name);
		assertThat(after).containsEntry("pgt_id", before.get("pgt_id")).containsEntry("status", "ACTIVE");
		assertThat(after.get("defining_query")).isNotEqualTo(before.get("defining_query"));
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", newQuery);
	}

	@Test
	void createOrReplaceWithANewScheduleChangesOnlyTheSchedule() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createOrReplace("public." + name, query, "1h");
		Map<String, Object> before = catalogRow(this.dataSource, "public", name);
		createOrReplace("public." + name, query, "2h");
		Map<String, Object> after = catalogRow(this.dataSource, "public", name);
		assertThat(after).containsEntry("pgt_id", before.get("pgt_id"))
			.containsEntry("pgt_relid", before.get("pgt_relid"))
			.containsEntry("defining_query", before.get("defining_query"))
			.containsEntry("schedule", "2h");
	}

	@Test
	void alterChangesTheSchedule() throws SQLException {
		String name = createStreamTableOnNewSource("1h", "AUTO");
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, schedule => '30m')", "public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("schedule", "30m")
			.containsEntry("status", "ACTIVE");
	}

	@Test
	void alterToAnotherRefreshModeKeepsTheContentCorrect() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "DIFFERENTIAL");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (100, 1, 1000)");
		List<String> notices = executeForNotices(this.dataSource,
				"SELECT pgtrickle.alter_stream_table(name => ?, refresh_mode => 'FULL')", "public." + name);
		assertThat(notices).anySatisfy((notice) -> assertThat(notice).startsWith("pg_trickle: stream table public."
				+ name + " refresh mode changed from DIFFERENTIAL to FULL; a full refresh was applied."));
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("refresh_mode", "FULL");
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
	}

	@Test
	void alterWithANewQueryReplacesTheContent() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1h", "AUTO");
		String newQuery = "SELECT id, v FROM public." + source + " WHERE id % 2 = 0";
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, query => ?)", "public." + name,
				newQuery);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE");
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", newQuery);
	}

	@Test
	void alterOfAMissingStreamTableIsRejected() {
		assertFails(this.dataSource, "42P01", "stream table not found: public.no_such_st",
				"SELECT pgtrickle.alter_stream_table(name => 'public.no_such_st', schedule => '5m')");
	}

	@Test
	void dropRemovesTheStorageTableTheCatalogRowAndTheHistory() throws SQLException {
		String name = createStreamTableOnNewSource("1h", "AUTO");
		Object pgtId = catalogRow(this.dataSource, "public", name).get("pgt_id");
		execute(this.dataSource, "SELECT pgtrickle.drop_stream_table(name => ?)", "public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).isEmpty();
		assertThat(relationExists(this.dataSource, "public." + name)).isFalse();
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM pgtrickle.pgt_refresh_history WHERE pgt_id = ?",
				pgtId))
			.isZero();
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM pgtrickle.pgt_dependencies WHERE pgt_id = ?",
				pgtId))
			.isZero();
	}

	@Test
	void dropOfAMissingStreamTableIsRejected() {
		assertFails(this.dataSource, "42P01", "stream table not found: public.no_such_st",
				"SELECT pgtrickle.drop_stream_table(name => 'public.no_such_st')");
	}

	@Test
	void dropWithDependentsAndNoCascadeIsRejected() throws SQLException {
		String source = createSource();
		String upstream = uniqueName("up");
		String downstream = uniqueName("down");
		createStreamTable(this.dataSource, "public." + upstream, "SELECT id, v FROM public." + source, "1h", "AUTO");
		createStreamTable(this.dataSource, "public." + downstream, "SELECT id, v FROM public." + upstream
				+ " WHERE v > 10", "1h", "AUTO");
		assertFailsStartingWith(this.dataSource, "22023",
				"invalid argument: stream table public." + upstream + " has dependent stream tables: public."
						+ downstream + ". Use cascade => true",
				"SELECT pgtrickle.drop_stream_table(name => ?)", "public." + upstream);
		assertThat(catalogRow(this.dataSource, "public", upstream)).isNotEmpty();
		assertThat(catalogRow(this.dataSource, "public", downstream)).isNotEmpty();
		assertThat(relationExists(this.dataSource, "public." + upstream)).isTrue();
	}

	@Test
	void dropWithCascadeDropsTheDependentsToo() throws SQLException {
		String source = createSource();
		String upstream = uniqueName("up");
		String downstream = uniqueName("down");
		createStreamTable(this.dataSource, "public." + upstream, "SELECT id, v FROM public." + source, "1h", "AUTO");
		createStreamTable(this.dataSource, "public." + downstream, "SELECT id, v FROM public." + upstream
				+ " WHERE v > 10", "1h", "AUTO");
		execute(this.dataSource, "SELECT pgtrickle.drop_stream_table(name => ?, cascade => true)", "public." + upstream);
		assertThat(catalogRow(this.dataSource, "public", upstream)).isEmpty();
		assertThat(catalogRow(this.dataSource, "public", downstream)).isEmpty();
		assertThat(relationExists(this.dataSource, "public." + upstream)).isFalse();
		assertThat(relationExists(this.dataSource, "public." + downstream)).isFalse();
		assertThat(relationExists(this.dataSource, "public." + source)).isTrue();
	}

	@Test
	void refreshOfAMissingStreamTableIsRejected() {
		assertFails(this.dataSource, "42P01", "stream table not found: public.no_such_st",
				"SELECT pgtrickle.refresh_stream_table(name => 'public.no_such_st')");
	}

	@Test
	void resumeOfAMissingStreamTableIsRejected() {
		assertFails(this.dataSource, "42P01", "stream table not found: public.no_such_st",
				"SELECT pgtrickle.resume_stream_table(name => 'public.no_such_st')");
	}

	@Test
	void resumeOfAHealthyStreamTableIsRejected() throws SQLException {
		String name = createStreamTableOnNewSource("1h", "AUTO");
		assertFails(this.dataSource, "22023", "invalid argument: stream table public." + name
				+ " is not suspended or in error state (current status: ACTIVE)",
				"SELECT pgtrickle.resume_stream_table(name => ?)", "public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE");
	}

	@Test
	void createRolledBackWithItsTransactionLeavesNothingBehind() throws SQLException {
		// Contract §2 "Transactions": every function may run in a transaction block; a rollback undoes
		// the catalog row, the storage table and the CDC triggers.
		String source = createSource();
		String name = uniqueName("st");
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			execute(connection, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h')",
					"public." + name, "SELECT id, v FROM public." + source);
			assertThat(queryValue(connection, Boolean.class, "SELECT to_regclass(?) IS NOT NULL", "public." + name))
				.isTrue();
			connection.rollback();
		}
		assertThat(catalogRow(this.dataSource, "public", name)).isEmpty();
		assertThat(relationExists(this.dataSource, "public." + name)).isFalse();
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass(?) "
				+ "AND NOT tgisinternal", "public." + source))
			.isZero();
	}

	@Test
	void unqualifiedNameIsCreatedInTheCurrentSchema() throws SQLException {
		// Contract §2 "Name resolution": lifecycle functions resolve an unqualified name with
		// current_schema(), and the storage table is created in that schema.
		String source = createSource();
		String schema = uniqueName("app");
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		execute(this.dataSource, "CREATE SCHEMA " + schema);
		try (Connection connection = this.dataSource.getConnection()) {
			execute(connection, "SET search_path = " + schema + ", public");
			execute(connection, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h')", name,
					query);
		}
		assertThat(catalogRow(this.dataSource, schema, name)).containsEntry("status", "ACTIVE");
		assertThat(relationExists(this.dataSource, schema + "." + name)).isTrue();
		assertContentMatchesQuery(this.dataSource, schema + "." + name, "id, v", query);
	}

	private List<String> createOrReplace(String name, String query, String schedule) throws SQLException {
		// An explicit refresh_mode: re-applying AUTO to a table stored as FULL is a known upstream
		// failure (contract §3.3), not part of this contract.
		return executeForNotices(this.dataSource,
				"SELECT pgtrickle.create_or_replace_stream_table(name => ?, query => ?, schedule => ?, "
						+ "refresh_mode => 'DIFFERENTIAL')",
				name, query, schedule);
	}

	private String createStreamTableOnNewSource(String schedule, String refreshMode) throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, schedule,
				refreshMode);
		return name;
	}

	/**
	 * A source table {@code (id int primary key, grp int, v int)} with ten rows, {@code v = 10 * id}.
	 */
	private String createSource() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, grp int, v int)");
		execute(this.dataSource,
				"INSERT INTO public." + source + " SELECT g, g % 3, g * 10 FROM generate_series(1, 10) AS g");
		return source;
	}

}
