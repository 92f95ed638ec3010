package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test databases cloned from the embedded server's template, each with an {@link EmulatedScheduler}
 * standing in for pg_trickle's background worker.
 */
final class EmbeddedBackend extends ServerBackend {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedBackend.class);

	private final EmbeddedPgTrickle server;

	private final Duration schedulerInterval;

	EmbeddedBackend(EmbeddedPgTrickle server) {
		this.server = server;
		String interval = PgTrickleDatabases.setting("PGTRICKLE_TEST_SCHEDULER_INTERVAL_MS",
				"pgtrickle.test.scheduler-interval-ms");
		this.schedulerInterval = Duration.ofMillis((interval != null) ? Long.parseLong(interval.trim()) : 1000);
	}

	@Override
	PgTrickleBackend kind() {
		return PgTrickleBackend.EMBEDDED;
	}

	@Override
	String jdbcUrl(String database) {
		return this.server.jdbcUrl(database);
	}

	@Override
	String adminDatabase() {
		return "postgres";
	}

	@Override
	String username() {
		return EmbeddedPgTrickle.USER;
	}

	@Override
	String password() {
		return "";
	}

	@Override
	Connection connect(String database) throws SQLException {
		return this.server.connect(database);
	}

	@Override
	PgTrickleDatabase createDatabase(String hint) {
		long start = System.nanoTime();
		String name = databaseName(hint);
		try (Connection admin = connect(adminDatabase()); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + quote(name) + " TEMPLATE " + EmbeddedPgTrickle.TEMPLATE_DATABASE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name + ": " + ex.getMessage(), ex);
		}
		EmulatedScheduler scheduler = new EmulatedScheduler(() -> connect(name), name, this.schedulerInterval);
		scheduler.start();
		logger.debug("Created database {} in {} ms", name, Duration.ofNanos(System.nanoTime() - start).toMillis());
		return new PgTrickleDatabase(kind(), jdbcUrl(name), name, username(), password(), () -> {
			scheduler.close();
			dropDatabase(name);
		});
	}

}
