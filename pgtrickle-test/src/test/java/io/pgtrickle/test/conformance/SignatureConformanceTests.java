package io.pgtrickle.test.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.ServerErrorMessage;

import static io.pgtrickle.test.conformance.ConformanceSupport.catalogRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.columnLabels;
import static io.pgtrickle.test.conformance.ConformanceSupport.createStreamTable;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.history;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryCount;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRows;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.relationExists;
import static io.pgtrickle.test.conformance.ConformanceSupport.serverError;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Conformance of function signatures (contract §2, §3): argument names, types and defaults, STRICT,
 * named-notation calls with exactly the contract's argument names, defaults applied, STRICT functions
 * returning NULL for a NULL argument, and the name-resolution rules of the monitoring functions.
 */
@PgTrickleTest
@TestInstance(Lifecycle.PER_CLASS)
class SignatureConformanceTests {

	/**
	 * The 16 arguments that {@code create_stream_table}, {@code create_stream_table_if_not_exists} and
	 * {@code create_or_replace_stream_table} share from 0.67.0 to 0.108.3 (evolution §3, §11.1).
	 */
	private static final String SHARED_CREATE_ARGUMENTS = "\"name\" TEXT, \"query\" TEXT, "
			+ "\"schedule\" TEXT DEFAULT 'calculated', \"refresh_mode\" TEXT DEFAULT 'AUTO', "
			+ "\"initialize\" bool DEFAULT true, \"diamond_consistency\" TEXT DEFAULT NULL, "
			+ "\"diamond_schedule_policy\" TEXT DEFAULT NULL, \"cdc_mode\" TEXT DEFAULT NULL, "
			+ "\"append_only\" bool DEFAULT false, \"pooler_compatibility_mode\" bool DEFAULT false, "
			+ "\"partition_by\" TEXT DEFAULT NULL, \"max_differential_joins\" INT DEFAULT NULL, "
			+ "\"max_delta_fraction\" double precision DEFAULT NULL, \"output_distribution_column\" TEXT DEFAULT NULL, "
			+ "\"temporal\" bool DEFAULT false, \"storage_backend\" TEXT DEFAULT NULL";

	/**
	 * The 19 arguments of {@code alter_stream_table} shared from 0.67.0 to 0.108.3 (evolution §3, §11.1).
	 */
	private static final String SHARED_ALTER_ARGUMENTS = "\"name\" TEXT, \"query\" TEXT DEFAULT NULL, "
			+ "\"schedule\" TEXT DEFAULT NULL, \"refresh_mode\" TEXT DEFAULT NULL, \"status\" TEXT DEFAULT NULL, "
			+ "\"diamond_consistency\" TEXT DEFAULT NULL, \"diamond_schedule_policy\" TEXT DEFAULT NULL, "
			+ "\"cdc_mode\" TEXT DEFAULT NULL, \"append_only\" bool DEFAULT NULL, "
			+ "\"pooler_compatibility_mode\" bool DEFAULT NULL, \"tier\" TEXT DEFAULT NULL, \"fuse\" TEXT DEFAULT NULL, "
			+ "\"fuse_ceiling\" bigint DEFAULT NULL, \"fuse_sensitivity\" INT DEFAULT NULL, "
			+ "\"partition_by\" TEXT DEFAULT NULL, \"max_differential_joins\" INT DEFAULT NULL, "
			+ "\"max_delta_fraction\" double precision DEFAULT NULL, \"post_refresh_action\" TEXT DEFAULT NULL, "
			+ "\"reindex_drift_threshold\" double precision DEFAULT NULL";

	/**
	 * The trailing DuckLake arguments that only 0.66–0.75 have (contract §11, evolution §1).
	 */
	private static final String SINK_ARGUMENTS = ", \"sink\" TEXT DEFAULT NULL, "
			+ "\"ducklake_sink_path\" TEXT DEFAULT NULL, \"ducklake_sink_table_id\" bigint DEFAULT NULL";

	private final DataSource dataSource;

	private final PgTrickleDatabase database;

	private String source;

	private String query;

	SignatureConformanceTests(PgTrickleDatabase database) {
		this.database = database;
		this.dataSource = database.dataSource();
	}

	@BeforeAll
	void createSource() throws SQLException {
		this.source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + this.source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + this.source + " VALUES (1, 10), (2, 20), (3, 30)");
		this.query = "SELECT id, v FROM public." + this.source;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("contractSignatures")
	void functionDeclaresTheContractArguments(String function, String arguments, String arguments067,
			boolean strict) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			// Let the server render the contract's declaration the way it renders the installed one.
			execute(connection, "CREATE FUNCTION pg_temp.contract_shared(" + arguments
					+ ") RETURNS void LANGUAGE plpgsql AS 'BEGIN END'");
			execute(connection, "CREATE FUNCTION pg_temp.contract_067(" + arguments067
					+ ") RETURNS void LANGUAGE plpgsql AS 'BEGIN END'");
			String shared = renderedArguments(connection, "contract_shared");
			String full067 = renderedArguments(connection, "contract_067");
			List<Map<String, Object>> installed = queryRows(connection,
					"SELECT pg_get_function_arguments(p.oid) AS arguments, p.proisstrict AS strict "
							+ "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
							+ "WHERE n.nspname = 'pgtrickle' AND p.proname = ?",
					function);
			assertThat(installed).as("overloads of pgtrickle.%s", function).hasSize(1);
			String actual = (String) installed.get(0).get("arguments");
			if (this.database.extensionVersion().equals("0.67.0")) {
				assertThat(actual).isEqualTo(full067);
			}
			else {
				// Evolution §3: newer releases drop the DuckLake arguments and append others after the
				// shared ones; only the shared prefix is portable.
				assertThat(actual).satisfiesAnyOf((args) -> assertThat(args).isEqualTo(shared),
						(args) -> assertThat(args).startsWith(shared + ", "));
			}
			assertThat(installed.get(0).get("strict")).as("STRICT of pgtrickle.%s", function).isEqualTo(strict);
		}
	}

	static Stream<Arguments> contractSignatures() {
		return Stream.of(
				Arguments.of("create_stream_table", SHARED_CREATE_ARGUMENTS, SHARED_CREATE_ARGUMENTS + SINK_ARGUMENTS,
						false),
				Arguments.of("create_stream_table_if_not_exists", SHARED_CREATE_ARGUMENTS,
						SHARED_CREATE_ARGUMENTS + SINK_ARGUMENTS, false),
				Arguments.of("create_or_replace_stream_table", SHARED_CREATE_ARGUMENTS, SHARED_CREATE_ARGUMENTS,
						false),
				Arguments.of("alter_stream_table", SHARED_ALTER_ARGUMENTS, SHARED_ALTER_ARGUMENTS + SINK_ARGUMENTS,
						false),
				exact("drop_stream_table", "\"name\" TEXT, \"cascade\" bool DEFAULT false", true),
				exact("refresh_stream_table", "\"name\" TEXT", true), exact("resume_stream_table", "\"name\" TEXT", true),
				exact("refresh_if_stale", "p_name text, p_max_age interval DEFAULT '5 minutes'", false),
				exact("write_and_refresh", "\"sql\" TEXT, \"stream_table_name\" TEXT", true),
				exact("get_refresh_history", "\"name\" TEXT, \"max_rows\" INT DEFAULT 20", true),
				exact("get_staleness", "\"name\" TEXT", true), exact("list_sources", "\"name\" TEXT", true),
				exact("explain_st", "\"name\" TEXT, \"with_analyze\" bool DEFAULT false", true),
				exact("export_definition", "\"st_name\" TEXT", true),
				exact("stream_table_definition", "p_name text", false),
				exact("bulk_create", "\"definitions\" jsonb", true), exact("drain", "\"timeout_s\" INT DEFAULT 60", true),
				exact("pause_scheduler", "\"nodes\" TEXT[]", true), exact("resume_scheduler", "\"nodes\" TEXT[]", true),
				exact("validate_query", "\"query\" TEXT", true), exact("explain_refresh_mode", "\"name\" TEXT", true),
				exact("pgt_status", "", true), exact("dependency_tree", "", true), exact("health_check", "", true),
				exact("version", "", true), exact("version_check", "", true));
	}

	private static Arguments exact(String function, String arguments, boolean strict) {
		return Arguments.of(function, arguments, arguments, strict);
	}

	private static String renderedArguments(Connection connection, String function) throws SQLException {
		return queryValue(connection, String.class,
				"SELECT pg_get_function_arguments(p.oid) FROM pg_proc p "
						+ "WHERE p.pronamespace = pg_my_temp_schema() AND p.proname = ?",
				function);
	}

	@Test
	void createAcceptsEverySharedArgumentByName() throws SQLException {
		String name = uniqueName("st");
		execute(this.dataSource, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
				+ "refresh_mode => 'DIFFERENTIAL', initialize => true, diamond_consistency => 'none', "
				+ "diamond_schedule_policy => 'fastest', cdc_mode => 'trigger', append_only => false, "
				+ "pooler_compatibility_mode => true, max_differential_joins => 4, max_delta_fraction => 0.5, "
				+ "temporal => false, storage_backend => 'heap')", "public." + name, this.query);
		Map<String, Object> row = catalogRow(this.dataSource, "public", name);
		assertThat(row).containsEntry("schedule", "1h")
			.containsEntry("refresh_mode", "DIFFERENTIAL")
			.containsEntry("status", "ACTIVE")
			.containsEntry("is_populated", true)
			.containsEntry("diamond_consistency", "none")
			.containsEntry("diamond_schedule_policy", "fastest")
			.containsEntry("requested_cdc_mode", "trigger")
			.containsEntry("is_append_only", false)
			.containsEntry("pooler_compatibility_mode", true)
			.containsEntry("max_differential_joins", 4)
			.containsEntry("max_delta_fraction", 0.5)
			.containsEntry("temporal_mode", false)
			.containsEntry("storage_backend", "heap");
	}

	@Test
	void createAppliesTheContractDefaults() throws SQLException {
		String name = uniqueName("st");
		execute(this.dataSource, "SELECT pgtrickle.create_stream_table(name => ?, query => ?)", "public." + name,
				this.query);
		Map<String, Object> row = catalogRow(this.dataSource, "public", name);
		// schedule 'calculated' is stored as NULL; AUTO resolves to DIFFERENTIAL for a differentiable query.
		assertThat(row).containsEntry("schedule", null)
			.containsEntry("refresh_mode", "DIFFERENTIAL")
			.containsEntry("status", "ACTIVE")
			.containsEntry("is_populated", true)
			.containsEntry("diamond_consistency", "atomic")
			.containsEntry("diamond_schedule_policy", "fastest")
			.containsEntry("requested_cdc_mode", null)
			.containsEntry("is_append_only", false)
			.containsEntry("pooler_compatibility_mode", false)
			.containsEntry("temporal_mode", false)
			.containsEntry("refresh_tier", "hot")
			.containsEntry("consecutive_errors", 0);
	}

	@Test
	void alterAcceptsEverySharedArgumentByName() throws SQLException {
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, this.query, "1h", "DIFFERENTIAL");
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, schedule => '2h', "
				+ "diamond_consistency => 'none', diamond_schedule_policy => 'fastest', cdc_mode => 'trigger', "
				+ "append_only => false, pooler_compatibility_mode => true, tier => 'warm', fuse => 'on', "
				+ "fuse_ceiling => 1000, fuse_sensitivity => 2, max_differential_joins => 3, "
				+ "max_delta_fraction => 0.25, post_refresh_action => 'reindex_if_drift', "
				+ "reindex_drift_threshold => 0.5)", "public." + name);
		Map<String, Object> row = catalogRow(this.dataSource, "public", name);
		assertThat(row).containsEntry("schedule", "2h")
			.containsEntry("status", "ACTIVE")
			.containsEntry("diamond_consistency", "none")
			.containsEntry("requested_cdc_mode", "trigger")
			.containsEntry("pooler_compatibility_mode", true)
			.containsEntry("refresh_tier", "warm")
			.containsEntry("fuse_mode", "on")
			.containsEntry("fuse_ceiling", 1000L)
			.containsEntry("fuse_sensitivity", 2)
			.containsEntry("max_differential_joins", 3)
			.containsEntry("max_delta_fraction", 0.25)
			.containsEntry("post_refresh_action", "reindex_if_drift")
			.containsEntry("reindex_drift_threshold", 0.5);
	}

	@Test
	void namedArgumentOutsideTheContractIsRejected() throws SQLException {
		// docs/integrations/flyway-liquibase.md calls the argument alter_query; the real name is query.
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, this.query, "1h", "AUTO");
		ServerErrorMessage error = serverError(this.dataSource,
				"SELECT pgtrickle.alter_stream_table(name => ?, alter_query => 'SELECT 1 AS id')", "public." + name);
		assertThat(error.getSQLState()).isEqualTo("42883");
	}

	@Test
	void strictFunctionGivenNullReturnsNullAndDoesNothing() throws SQLException {
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, this.query, "1h", "AUTO");
		int historyRows = history(this.dataSource, "public", name).size();
		assertThat(queryRows(this.dataSource, "SELECT pgtrickle.refresh_stream_table(NULL) AS result"))
			.singleElement()
			.satisfies((row) -> assertThat(row.get("result")).isNull());
		execute(this.dataSource, "SELECT pgtrickle.drop_stream_table(NULL)");
		execute(this.dataSource, "SELECT pgtrickle.drop_stream_table(name => ?, cascade => NULL)", "public." + name);
		execute(this.dataSource, "SELECT pgtrickle.resume_stream_table(NULL)");
		execute(this.dataSource, "SELECT pgtrickle.write_and_refresh(NULL, ?)", "public." + name);
		assertThat(queryValue(this.dataSource, Double.class, "SELECT pgtrickle.get_staleness(NULL)")).isNull();
		assertThat(queryValue(this.dataSource, String.class, "SELECT pgtrickle.export_definition(NULL)")).isNull();
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM pgtrickle.list_sources(NULL)")).isZero();
		assertThat(queryCount(this.dataSource,
				"SELECT count(*) FROM pgtrickle.get_refresh_history(name => ?, max_rows => NULL)", "public." + name))
			.isZero();
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE");
		assertThat(relationExists(this.dataSource, "public." + name)).isTrue();
		assertThat(history(this.dataSource, "public", name)).hasSize(historyRows);
	}

	@Test
	void nullForARequiredArgumentOfCreateIsRejected() throws SQLException {
		// Contract §2 "STRICT": in a non-strict function a NULL for a non-optional argument raises an
		// ERROR (its SQLSTATE is not part of the contract).
		long before = queryCount(this.dataSource, "SELECT count(*) FROM pgtrickle.pgt_stream_tables");
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> execute(this.dataSource,
				"SELECT pgtrickle.create_stream_table(name => NULL, query => ?, schedule => '1h')", this.query));
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM pgtrickle.pgt_stream_tables")).isEqualTo(before);
	}

	@Test
	void getRefreshHistoryReturnsTwentyRowsByDefaultNewestFirst() throws SQLException {
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, this.query, "1h", "FULL");
		for (int i = 0; i < 21; i++) {
			execute(this.dataSource, "SELECT pgtrickle.refresh_stream_table(name => ?)", "public." + name);
		}
		List<Map<String, Object>> rows = queryRows(this.dataSource,
				"SELECT * FROM pgtrickle.get_refresh_history(name => ?)", "public." + name);
		assertThat(rows).hasSize(20);
		assertThat(rows).extracting((row) -> (Long) row.get("refresh_id")).isSortedAccordingTo(Comparator.reverseOrder());
		assertThat(rows.get(0)).containsEntry("action", "FULL").containsEntry("status", "COMPLETED");
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM pgtrickle.get_refresh_history(name => ?, "
				+ "max_rows => 3)", "public." + name))
			.isEqualTo(3);
		assertThat(columnLabels(this.dataSource, "SELECT * FROM pgtrickle.get_refresh_history('public." + name + "')"))
			.contains("refresh_id", "data_timestamp", "start_time", "end_time", "action", "status", "rows_inserted",
					"rows_deleted", "duration_ms", "error_message");
	}

	@Test
	void monitoringFunctionsGiveEmptyResultsForUnknownNames() throws SQLException {
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM pgtrickle.get_refresh_history('public.no_such_st')"))
			.isZero();
		assertThat(queryValue(this.dataSource, Double.class, "SELECT pgtrickle.get_staleness('public.no_such_st')"))
			.isNull();
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM pgtrickle.list_sources('public.no_such_st')"))
			.isZero();
	}

	@Test
	void monitoringFunctionsResolveUnqualifiedNamesInPublic() throws SQLException {
		// Contract §2 "Name resolution": get_refresh_history, get_staleness and list_sources read an
		// unqualified name as public.<name>, whatever the search_path.
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, this.query, "1h", "AUTO");
		String schema = uniqueName("elsewhere");
		execute(this.dataSource, "CREATE SCHEMA " + schema);
		try (Connection connection = this.dataSource.getConnection()) {
			execute(connection, "SET search_path = " + schema);
			assertThat(queryValue(connection, Long.class,
					"SELECT count(*) FROM pgtrickle.get_refresh_history(?)", name))
				.isEqualTo(1L);
			assertThat(queryValue(connection, Double.class, "SELECT pgtrickle.get_staleness(?)", name)).isNotNull();
			assertThat(queryValue(connection, Long.class, "SELECT count(*) FROM pgtrickle.list_sources(?)", name))
				.isEqualTo(1L);
		}
	}

}
