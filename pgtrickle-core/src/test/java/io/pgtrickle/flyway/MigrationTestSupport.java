package io.pgtrickle.flyway;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.test.PgTrickleDatabase;

/**
 * Shared set-up of the Flyway integration tests: every test migrates its own schema, with its own
 * schema history, in the database of its test class; {@code V1__create_orders.sql} creates the
 * source table {@code orders} there.
 */
final class MigrationTestSupport {

	static final String SQL_MIGRATIONS = "classpath:db/pgtrickle-flyway-tests";

	private static final AtomicInteger schemas = new AtomicInteger();

	private MigrationTestSupport() {
	}

	static String newSchema() {
		return "flyway_" + schemas.incrementAndGet();
	}

	static FluentConfiguration flyway(PgTrickleDatabase database, String schema, JavaMigration... migrations) {
		return Flyway.configure()
			.dataSource(database.dataSource())
			.schemas(schema)
			.locations(SQL_MIGRATIONS)
			.javaMigrations(migrations);
	}

	/**
	 * Return the names of the triggers on a table, without the internal ones.
	 */
	static List<String> triggers(JdbcTemplate jdbc, String schema, String table) {
		return jdbc.queryForList("SELECT t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
				+ "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? "
				+ "AND NOT t.tgisinternal ORDER BY 1", String.class, schema, table);
	}

	static boolean tableExists(JdbcTemplate jdbc, String schema, String table) {
		return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(format('%I.%I', ?::text, ?::text)) IS NOT NULL",
				Boolean.class, schema, table));
	}

	static List<String> columns(JdbcTemplate jdbc, String schema, String table) {
		return jdbc.queryForList("SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = "
				+ "to_regclass(format('%I.%I', ?::text, ?::text)) AND a.attnum > 0 AND NOT a.attisdropped "
				+ "AND a.attname NOT LIKE '\\_\\_pgt\\_%' ORDER BY a.attnum", String.class, schema, table);
	}

	static long catalogRows(JdbcTemplate jdbc, String schema, String table) {
		Long count = jdbc.queryForObject(
				"SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = ? AND pgt_name = ?", Long.class,
				schema, table);
		return (count != null) ? count : 0;
	}

}
