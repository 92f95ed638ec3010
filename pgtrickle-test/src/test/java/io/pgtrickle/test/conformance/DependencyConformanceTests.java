package io.pgtrickle.test.conformance;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;

import static io.pgtrickle.test.conformance.ConformanceSupport.assertContentMatchesQuery;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRows;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.refresh;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of dependency tracking (contract §3.25, §3.26, §5.3): {@code list_sources()},
 * {@code pgt_dependencies}, stream tables over stream tables, and {@code dependency_tree()}. Stream
 * tables use {@code '1h'} schedules and {@code cdc_mode => 'trigger'} so that the CDC mode is fixed.
 */
@PgTrickleTest
class DependencyConformanceTests {

	private final DataSource dataSource;

	DependencyConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Test
	void listSourcesReportsTheSourceTablesOfAStreamTable() throws SQLException {
		String orders = createSource("orders");
		String customers = createSource("customers");
		String name = uniqueName("st");
		createStreamTable(name, "SELECT o.id, c.v FROM public." + orders + " o JOIN public." + customers
				+ " c ON c.id = o.id");
		assertThat(queryRows(this.dataSource, "SELECT * FROM pgtrickle.list_sources(?)", "public." + name)).isNotEmpty()
			.allSatisfy((row) -> assertThat(row).containsKeys("source_table", "source_oid", "source_type", "cdc_mode",
					"columns_used"));
		List<Map<String, Object>> sources = queryRows(this.dataSource,
				"SELECT source_table, source_oid = to_regclass(source_table)::oid::bigint AS oid_matches, "
						+ "source_type, cdc_mode FROM pgtrickle.list_sources(name => ?) ORDER BY source_table",
				"public." + name);
		assertThat(sources).extracting((row) -> row.get("source_table"))
			.containsExactlyInAnyOrder("public." + orders, "public." + customers);
		assertThat(sources).allSatisfy((row) -> assertThat(row).containsEntry("oid_matches", true)
			.containsEntry("source_type", "TABLE")
			.containsEntry("cdc_mode", "TRIGGER"));
	}

	@Test
	void pgtDependenciesRecordsOneEdgePerSource() throws SQLException {
		String source = createSource("src");
		String name = uniqueName("st");
		createStreamTable(name, "SELECT id, v FROM public." + source);
		List<Map<String, Object>> edges = queryRows(this.dataSource,
				"SELECT d.source_relid = to_regclass(?)::oid AS is_source, d.source_type, d.cdc_mode "
						+ "FROM pgtrickle.pgt_dependencies d JOIN pgtrickle.pgt_stream_tables st USING (pgt_id) "
						+ "WHERE st.pgt_schema = 'public' AND st.pgt_name = ?",
				"public." + source, name);
		assertThat(edges).singleElement()
			.satisfies((edge) -> assertThat(edge).containsEntry("is_source", true)
				.containsEntry("source_type", "TABLE")
				.containsEntry("cdc_mode", "TRIGGER"));
	}

	@Test
	void streamTableOverAStreamTableHasAStreamTableSource() throws SQLException {
		String source = createSource("src");
		String upstream = uniqueName("up");
		String downstream = uniqueName("down");
		String upstreamQuery = "SELECT id, v FROM public." + source;
		String downstreamQuery = "SELECT id, v * 2 AS doubled FROM public." + upstream + " WHERE v > 10";
		createStreamTable(upstream, upstreamQuery);
		createStreamTable(downstream, downstreamQuery);
		assertContentMatchesQuery(this.dataSource, "public." + downstream, "id, doubled", downstreamQuery);
		assertThat(queryRows(this.dataSource,
				"SELECT source_table, source_type FROM pgtrickle.list_sources(?)", "public." + downstream))
			.singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("source_table", "public." + upstream)
				.containsEntry("source_type", "STREAM_TABLE"));
		assertThat(queryValue(this.dataSource, String.class,
				"SELECT d.source_type FROM pgtrickle.pgt_dependencies d JOIN pgtrickle.pgt_stream_tables st "
						+ "USING (pgt_id) WHERE st.pgt_name = ? AND d.source_relid = to_regclass(?)::oid",
				downstream, "public." + upstream))
			.isEqualTo("STREAM_TABLE");

		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (10, 100)");
		execute(this.dataSource, "DELETE FROM public." + source + " WHERE id = 3");
		refresh(this.dataSource, "public." + upstream);
		refresh(this.dataSource, "public." + downstream);
		assertContentMatchesQuery(this.dataSource, "public." + upstream, "id, v", upstreamQuery);
		assertContentMatchesQuery(this.dataSource, "public." + downstream, "id, doubled", downstreamQuery);
	}

	@Test
	void dependencyTreeShowsStreamTablesBelowTheirUpstreamWithTheirSources() throws SQLException {
		String source = createSource("src");
		String upstream = uniqueName("up");
		String downstream = uniqueName("down");
		createStreamTable(upstream, "SELECT id, v FROM public." + source);
		createStreamTable(downstream, "SELECT id, v FROM public." + upstream + " WHERE v > 10");
		List<String> nodes = List.of("public." + upstream, "public." + downstream, "public." + source);
		List<Map<String, Object>> rows = queryRows(this.dataSource,
				"SELECT tree_line, node, node_type, depth, status, refresh_mode FROM pgtrickle.dependency_tree()");
		List<Map<String, Object>> ours = rows.stream().filter((row) -> nodes.contains(row.get("node"))).toList();
		assertThat(ours).extracting((row) -> row.get("node") + " " + row.get("node_type") + " " + row.get("depth"))
			.containsExactly("public." + upstream + " stream_table 0", "public." + downstream + " stream_table 1",
					"public." + source + " source_table 1");
		assertThat(ours.get(0)).containsEntry("status", "ACTIVE").containsEntry("refresh_mode", "DIFFERENTIAL");
		assertThat((String) ours.get(0).get("tree_line")).endsWith("public." + upstream);
		assertThat((String) ours.get(1).get("tree_line")).endsWith("public." + downstream);
		assertThat((String) ours.get(2).get("tree_line")).endsWith("public." + source + " [src]");
		assertThat(ours.get(2)).containsEntry("status", null).containsEntry("refresh_mode", null);
	}

	private void createStreamTable(String name, String query) throws SQLException {
		execute(this.dataSource, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
				+ "refresh_mode => 'DIFFERENTIAL', cdc_mode => 'trigger')", "public." + name, query);
	}

	private String createSource(String prefix) throws SQLException {
		String source = uniqueName(prefix);
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 10), (2, 20), (3, 30)");
		return source;
	}

}
