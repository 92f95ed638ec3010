package io.pgtrickle.test.conformance;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.pgtrickle.test.conformance.ConformanceSupport.assertContentMatchesQuery;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertFails;
import static io.pgtrickle.test.conformance.ConformanceSupport.columnLabels;
import static io.pgtrickle.test.conformance.ConformanceSupport.createStreamTable;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryCount;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRows;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static io.pgtrickle.test.conformance.ConformanceSupport.versionAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of the storage table (contract §7): an ordinary table in the schema of the stream
 * table's name with {@code __pgt_row_id} first, the query's columns in SELECT order with their types
 * stripped of typmods, auxiliary {@code __pgt_} columns last, all of them visible to {@code SELECT *};
 * and the guard that rejects direct DML.
 */
@PgTrickleTest
class StorageTableConformanceTests {

	private final PgTrickleDatabase database;

	private final DataSource dataSource;

	StorageTableConformanceTests(PgTrickleDatabase database) {
		this.database = database;
		this.dataSource = database.dataSource();
	}

	@Test
	void storageTableStartsWithTheRowIdFollowedByTheQueryColumnsInSelectOrder() throws SQLException {
		String source = createTypedSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name,
				"SELECT label, id, amount, created FROM public." + source, "1h", "AUTO");
		List<Map<String, Object>> columns = columns("public." + name);
		assertThat(columns.get(0)).containsEntry("name", "__pgt_row_id").containsEntry("type", rowIdType());
		assertThat(columns.subList(1, 5)).extracting((column) -> column.get("name") + " " + column.get("type"))
			.containsExactly("label character varying", "id integer", "amount numeric",
					"created timestamp with time zone");
		assertThat(columns.subList(5, columns.size())).extracting((column) -> (String) column.get("name"))
			.allSatisfy((column) -> assertThat(column).startsWith("__pgt_"))
			.doesNotContain("__pgt_count");
	}

	@Test
	void aggregateStorageTableCarriesTheGroupCountAfterTheQueryColumns() throws SQLException {
		String source = createTypedSource();
		String name = uniqueName("st");
		String query = "SELECT grp, sum(id) AS total, count(*) AS n FROM public." + source + " GROUP BY grp";
		createStreamTable(this.dataSource, "public." + name, query, "1h", "DIFFERENTIAL");
		List<Map<String, Object>> columns = columns("public." + name);
		assertThat(columns).extracting((column) -> (String) column.get("name"))
			.startsWith("__pgt_row_id", "grp", "total", "n")
			.contains("__pgt_count");
		assertThat(columns).filteredOn((column) -> "__pgt_count".equals(column.get("name")))
			.singleElement()
			.satisfies((column) -> assertThat(column).containsEntry("type", "bigint"));
		assertThat(columns.subList(4, columns.size())).extracting((column) -> (String) column.get("name"))
			.allSatisfy((column) -> assertThat(column).startsWith("__pgt_"));
		assertContentMatchesQuery(this.dataSource, "public." + name, "grp, total, n", query);
	}

	@Test
	void selectStarReturnsTheHiddenColumns() throws SQLException {
		String source = createTypedSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name,
				"SELECT grp, count(*) AS n FROM public." + source + " GROUP BY grp", "1h", "DIFFERENTIAL");
		assertThat(columnLabels(this.dataSource, "SELECT * FROM public." + name)).startsWith("__pgt_row_id", "grp", "n")
			.contains("__pgt_count");
	}

	@Test
	void storageTableIsCreatedInTheSchemaOfTheNameAndOwnedByTheCaller() throws SQLException {
		String source = createTypedSource();
		String schema = uniqueName("app");
		execute(this.dataSource, "CREATE SCHEMA " + schema);
		String name = uniqueName("st");
		createStreamTable(this.dataSource, schema + "." + name, "SELECT id, label FROM public." + source, "1h", "AUTO");
		Map<String, Object> relation = queryRows(this.dataSource,
				"SELECT n.nspname AS schema, c.relkind::text AS kind, pg_get_userbyid(c.relowner) AS owner "
						+ "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)",
				schema + "." + name)
			.get(0);
		assertThat(relation).containsEntry("schema", schema)
			.containsEntry("kind", "r")
			.containsEntry("owner", this.database.username());
		assertThat(queryValue(this.dataSource, Boolean.class,
				"SELECT pgt_relid = to_regclass(?)::oid FROM pgtrickle.pgt_stream_tables "
						+ "WHERE pgt_schema = ? AND pgt_name = ?",
				schema + "." + name, schema, name))
			.isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "INSERT INTO public.%s (id, label) VALUES (999, 'direct')",
			"UPDATE public.%s SET label = 'direct'", "DELETE FROM public.%s", "TRUNCATE public.%s" })
	void directDmlOnTheStorageTableIsRejected(String statement) throws SQLException {
		String source = createTypedSource();
		String name = uniqueName("st");
		String query = "SELECT id, label FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "AUTO");
		assertFails(this.dataSource, "P0001", "Direct DML on stream table " + name
				+ " is not allowed. Stream tables are maintained automatically by pg_trickle.",
				String.format(statement, name));
		assertThat(queryCount(this.dataSource, "SELECT count(*) FROM public." + name)).isEqualTo(6);
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, label", query);
	}

	/**
	 * {@code __pgt_row_id} is {@code bigint} up to 0.87.15 and {@code bytea} (row identity V2) from
	 * 0.87.16 (evolution §1 item 7 and §8).
	 */
	private String rowIdType() {
		return versionAtLeast(this.database, "0.87.16") ? "bytea" : "bigint";
	}

	private List<Map<String, Object>> columns(String table) throws SQLException {
		return queryRows(this.dataSource, "SELECT attname::text AS name, format_type(atttypid, atttypmod) AS type "
				+ "FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped "
				+ "ORDER BY attnum", table);
	}

	/**
	 * A source with typmod-carrying column types and six rows in three groups.
	 */
	private String createTypedSource() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, grp int, "
				+ "label varchar(20), amount numeric(10, 2), created timestamp(3) with time zone)");
		execute(this.dataSource, "INSERT INTO public." + source + " SELECT g, g % 3, 'label ' || g, g * 1.5, "
				+ "TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 hour' FROM generate_series(1, 6) AS g");
		return source;
	}

}
