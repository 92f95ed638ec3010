package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PgTrickleDatabases}.
 */
class PgTrickleDatabasesTests {

	@Test
	void createGivesEachCallerItsOwnDatabaseAndCloseDropsIt() throws Exception {
		try (PgTrickleDatabase first = PgTrickleDatabases.create("first")) {
			PgTrickleDatabase second = PgTrickleDatabases.create("second");
			assertThat(second.databaseName()).isNotEqualTo(first.databaseName());
			assertThat(databaseExists(first, second.databaseName())).isTrue();
			second.close();
			assertThat(databaseExists(first, second.databaseName())).isFalse();
			second.close();
		}
	}

	@Test
	void databaseNamesAreSafeIdentifiersOfAtMost63Bytes() {
		String name = ServerBackend.databaseName("Weird \"Name\"; DROP DATABASE x -- " + "long".repeat(30));
		assertThat(name).matches("pgt_[a-z0-9_]+_[0-9a-f]{6}").hasSizeLessThanOrEqualTo(63);
		assertThat(ServerBackend.databaseName("OrderTotalsTests")).startsWith("pgt_ordertotalstests_");
	}

	@Test
	void externalBackendDerivesTheUrlOfEachTestDatabaseFromTheConfiguredUrl() {
		ExternalBackend backend = new ExternalBackend("jdbc:postgresql://db.example:5433/app?sslmode=require",
				"app", "secret");
		assertThat(backend.jdbcUrl("pgt_x")).isEqualTo("jdbc:postgresql://db.example:5433/pgt_x?sslmode=require");
		assertThat(backend.adminDatabase()).isEqualTo("app");
	}

	@Test
	void externalBackendRejectsAUrlWithoutDatabase() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExternalBackend("jdbc:postgresql://db.example:5433/", "app", "secret"))
			.withMessageContaining("PGTRICKLE_TEST_JDBC_URL");
	}

	private static boolean databaseExists(PgTrickleDatabase database, String name) throws SQLException {
		try (Connection connection = database.dataSource().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
			statement.setString(1, name);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1) == 1;
			}
		}
	}

}
