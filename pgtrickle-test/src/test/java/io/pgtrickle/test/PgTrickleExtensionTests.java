package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleTest} and {@link PgTrickleExtension}.
 */
@PgTrickleTest
class PgTrickleExtensionTests {

	private static String databaseSeenBeforeAll;

	@BeforeAll
	static void recordDatabase(PgTrickleDatabase database) {
		databaseSeenBeforeAll = database.databaseName();
	}

	@Test
	void everyParameterOfTheClassResolvesToTheSameDatabase(PgTrickleDatabase database, DataSource dataSource) {
		assertThat(database.databaseName()).isEqualTo(databaseSeenBeforeAll);
		assertThat(dataSource).isSameAs(database.dataSource());
	}

	@Test
	void databaseHasTheExtensionInstalled(PgTrickleDatabase database) throws SQLException {
		assertThat(database.extensionVersion()).matches("\\d+\\.\\d+\\.\\d+");
		assertThat(query(database.dataSource(), "SELECT count(*) FROM pgtrickle.pgt_stream_tables")).isEqualTo("0");
	}

	@Test
	void connectionsReachTheDatabaseNamedByTheJdbcUrl(PgTrickleDatabase database) throws SQLException {
		assertThat(database.jdbcUrl()).contains(database.databaseName());
		assertThat(query(database.dataSource(), "SELECT current_database()")).isEqualTo(database.databaseName());
	}

	@Test
	void backendIsTheOneSelectedForThisJvm(PgTrickleDatabase database) throws SQLException {
		assertThat(database.backend()).isEqualTo(PgTrickleDatabases.selectedBackend());
		assertThat(database.isEmulated()).isEqualTo(database.backend() == PgTrickleBackend.EMBEDDED);
		String emulationSchemas = query(database.dataSource(),
				"SELECT count(*) FROM pg_namespace WHERE nspname = 'pgtrickle_emulation'");
		assertThat(emulationSchemas).isEqualTo(database.isEmulated() ? "1" : "0");
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassesShareTheOuterClassDatabase(PgTrickleDatabase database) {
			assertThat(database.databaseName()).isEqualTo(databaseSeenBeforeAll);
		}

	}

	static String query(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

}
