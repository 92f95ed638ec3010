package io.pgtrickle.test.conformance;

import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.Test;

import static io.pgtrickle.test.conformance.ConformanceSupport.queryRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of version reporting (contract §3.14, §3.15, §5.9; evolution §11.4):
 * {@code pg_extension.extversion}, {@code pgtrickle.version()} and {@code pgtrickle.version_check()}
 * agree on a freshly installed database.
 */
@PgTrickleTest
class VersionConformanceTests {

	private final PgTrickleDatabase database;

	private final DataSource dataSource;

	VersionConformanceTests(PgTrickleDatabase database) {
		this.database = database;
		this.dataSource = database.dataSource();
	}

	@Test
	void extensionVersionIsThreeNumbers() throws SQLException {
		String extversion = queryValue(this.dataSource, String.class,
				"SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pg_trickle'");
		assertThat(extversion).matches("\\d+\\.\\d+\\.\\d+").isEqualTo(this.database.extensionVersion());
		assertThat(ConformanceSupport.compareVersions(extversion, "0.67.0")).isNotNegative();
	}

	@Test
	void versionReportsTheInstalledVersion() throws SQLException {
		assertThat(queryValue(this.dataSource, String.class, "SELECT pgtrickle.version()"))
			.isEqualTo(this.database.extensionVersion());
	}

	@Test
	void versionCheckReportsMatchingVersions() throws SQLException {
		Map<String, Object> check = queryRow(this.dataSource,
				"SELECT v ->> 'library_version' AS library_version, v ->> 'extension_version' AS extension_version, "
						+ "v ->> 'pg_version' AS pg_version, v ->> 'version_match' AS version_match, "
						+ "jsonb_typeof(v -> 'version_match') AS version_match_type "
						+ "FROM (SELECT pgtrickle.version_check()::jsonb AS v) AS c");
		assertThat(check).containsEntry("library_version", this.database.extensionVersion())
			.containsEntry("extension_version", this.database.extensionVersion())
			.containsEntry("version_match", "true")
			.containsEntry("version_match_type", "boolean");
		assertThat((String) check.get("pg_version")).startsWith("PostgreSQL 18");
	}

}
