package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test databases cloned from the embedded server's template, each with an {@link EmulatedScheduler}
 * standing in for pg_trickle's background worker. Clones are prepared in the background, so that
 * handing a test class its database is a rename.
 */
final class EmbeddedBackend extends ServerBackend {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedBackend.class);

	/**
	 * How many clones of the template are kept ready, so that a test class gets its database by a
	 * rename instead of waiting for a clone.
	 */
	private static final int SPARES = 2;

	private final EmbeddedPgTrickle server;

	private final Duration schedulerInterval;

	private final BlockingQueue<String> spares = new LinkedBlockingQueue<>();

	private final AtomicInteger spareCount = new AtomicInteger();

	private final ExecutorService cloner = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "pgtrickle-embedded-cloner");
		thread.setDaemon(true);
		return thread;
	});

	EmbeddedBackend(EmbeddedPgTrickle server) {
		this.server = server;
		String interval = PgTrickleDatabases.setting("PGTRICKLE_TEST_SCHEDULER_INTERVAL_MS",
				"pgtrickle.test.scheduler-interval-ms");
		this.schedulerInterval = Duration.ofMillis((interval != null) ? Long.parseLong(interval.trim()) : 1000);
		refillSpares();
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
		String spare = this.spares.poll();
		try (Connection admin = connect(adminDatabase()); Statement statement = admin.createStatement()) {
			if (spare != null) {
				this.spareCount.decrementAndGet();
				statement.execute("ALTER DATABASE " + quote(spare) + " RENAME TO " + quote(name));
			}
			else {
				statement.execute(cloneTemplate(name));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name + ": " + ex.getMessage(), ex);
		}
		finally {
			refillSpares();
		}
		EmulatedScheduler scheduler = new EmulatedScheduler(() -> connect(name), name, this.schedulerInterval);
		scheduler.start();
		logger.debug("Created database {} in {} ms", name, Duration.ofNanos(System.nanoTime() - start).toMillis());
		return new PgTrickleDatabase(kind(), jdbcUrl(name), name, username(), password(), () -> {
			scheduler.close();
			dropDatabase(name);
		});
	}

	private static String cloneTemplate(String name) {
		return "CREATE DATABASE " + quote(name) + " TEMPLATE " + EmbeddedPgTrickle.TEMPLATE_DATABASE;
	}

	/**
	 * Clones the template in the background until {@link #SPARES} databases are ready. A clone that
	 * fails is logged and left to {@link #createDatabase(String)}, which then clones while the caller
	 * waits and reports the error itself.
	 */
	private void refillSpares() {
		while (this.spareCount.get() < SPARES) {
			this.spareCount.incrementAndGet();
			this.cloner.execute(() -> {
				String spare = databaseName("spare");
				try (Connection admin = connect(adminDatabase()); Statement statement = admin.createStatement()) {
					statement.execute(cloneTemplate(spare));
					this.spares.add(spare);
				}
				catch (SQLException ex) {
					this.spareCount.decrementAndGet();
					logger.warn("Could not prepare a spare test database: {}", ex.getMessage());
				}
			});
		}
	}

}
