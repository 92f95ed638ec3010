package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleContainer} against the real image; skipped when no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class PgTrickleContainerTests {

	@Container
	static final PgTrickleContainer postgres = new PgTrickleContainer(PgTrickleContainer.configuredImage());

	@Test
	void extensionIsCreatedAndPreloadedBeforeTheTestStarts() throws Exception {
		try (Connection connection = postgres.createConnection("");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT (SELECT extversion FROM pg_extension "
						+ "WHERE extname = 'pg_trickle'), current_setting('shared_preload_libraries')")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).matches("\\d+\\.\\d+\\.\\d+");
			assertThat(rs.getString(2)).contains("pg_trickle");
		}
	}

}
