package io.pgtrickle.test.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.pgtrickle.test.conformance.ConformanceSupport.assertContentMatchesQuery;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertFailsStartingWith;
import static io.pgtrickle.test.conformance.ConformanceSupport.catalogRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.createStreamTable;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryRows;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of source DDL blocking (contract §8.3, integration notes §1.2): while
 * {@code pg_trickle.block_source_ddl} is on (the default), a column-affecting {@code ALTER TABLE} on a
 * source of a stream table fails with XX000 and changes nothing; other DDL passes, and a superuser may
 * turn the setting off for the session.
 */
@PgTrickleTest
class SourceDdlConformanceTests {

	private final DataSource dataSource;

	SourceDdlConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Test
	void blockSourceDdlIsOnByDefault() throws SQLException {
		assertThat(queryValue(this.dataSource, String.class, "SELECT current_setting('pg_trickle.block_source_ddl')"))
			.isIn("on", "true");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ADD COLUMN extra int", "DROP COLUMN v", "ALTER COLUMN v TYPE bigint" })
	void columnAffectingAlterTableOnASourceIsBlocked(String alteration) throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		String query = "SELECT id, v FROM public." + source;
		createStreamTable(this.dataSource, "public." + name, query, "1h", "AUTO");
		List<String> columnsBefore = sourceColumns(source);
		assertFailsStartingWith(this.dataSource, "XX000", "pg_trickle: ALTER TABLE on public." + source
				+ " blocked — column-affecting DDL is not allowed while pg_trickle.block_source_ddl = true "
				+ "(the default).", "ALTER TABLE public." + source + " " + alteration);
		assertThat(sourceColumns(source)).isEqualTo(columnsBefore);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE")
			.containsEntry("needs_reinit", false);
		assertContentMatchesQuery(this.dataSource, "public." + name, "id, v", query);
	}

	@Test
	void indexOnASourceIsNotBlocked() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1h", "AUTO");
		execute(this.dataSource, "CREATE INDEX ON public." + source + " (v)");
		assertThat(queryValue(this.dataSource, Long.class,
				"SELECT count(*) FROM pg_index WHERE indrelid = to_regclass(?)", "public." + source))
			.isEqualTo(2L);
	}

	@Test
	void alterTableOnATableThatIsNoSourceIsNotBlocked() throws SQLException {
		String table = createSource();
		execute(this.dataSource, "ALTER TABLE public." + table + " ADD COLUMN extra int");
		assertThat(sourceColumns(table)).containsExactly("id", "v", "extra");
	}

	@Test
	void columnAffectingAlterTableIsAllowedWithBlockSourceDdlOff() throws SQLException {
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1h", "AUTO");
		try (Connection connection = this.dataSource.getConnection()) {
			execute(connection, "SET pg_trickle.block_source_ddl = off");
			execute(connection, "ALTER TABLE public." + source + " ADD COLUMN extra int");
		}
		assertThat(sourceColumns(source)).containsExactly("id", "v", "extra");
	}

	private List<String> sourceColumns(String source) throws SQLException {
		return queryRows(this.dataSource, "SELECT attname::text AS name FROM pg_attribute WHERE attrelid = "
				+ "to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum", "public." + source)
			.stream()
			.map((row) -> (String) row.get("name"))
			.toList();
	}

	private String createSource() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 10), (2, 20)");
		return source;
	}

}
