package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for pg_trickle's per-database background worker: a thread that calls the emulation's
 * {@code pgtrickle_emulation.scheduler_tick()} procedure on one connection whose
 * {@code application_name} is {@code pg_trickle scheduler}, once per interval.
 */
final class EmulatedScheduler implements AutoCloseable {

	static final String APPLICATION_NAME = "pg_trickle scheduler";

	private static final Logger logger = LoggerFactory.getLogger(EmulatedScheduler.class);

	private final ConnectionFactory connectionFactory;

	private final Duration interval;

	private final Thread thread;

	private volatile boolean running = true;

	private @Nullable Connection connection;

	EmulatedScheduler(ConnectionFactory connectionFactory, String database, Duration interval) {
		this.connectionFactory = connectionFactory;
		this.interval = interval;
		this.thread = new Thread(this::run, "pgtrickle-scheduler-" + database);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	private void run() {
		while (this.running) {
			try {
				tick();
			}
			catch (SQLException ex) {
				if (!this.running) {
					break;
				}
				logger.warn("Emulated scheduler tick failed: {}", ex.getMessage());
				closeConnection();
			}
			try {
				Thread.sleep(this.interval.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		closeConnection();
	}

	private void tick() throws SQLException {
		Connection current = this.connection;
		if (current == null) {
			current = this.connectionFactory.connect();
			current.setClientInfo("ApplicationName", APPLICATION_NAME);
			current.setAutoCommit(true);
			this.connection = current;
		}
		try (Statement statement = current.createStatement()) {
			statement.execute("CALL pgtrickle_emulation.scheduler_tick()");
		}
	}

	private void closeConnection() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				logger.debug("Could not close the emulated scheduler's connection", ex);
			}
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
		try {
			this.thread.join(Duration.ofSeconds(10).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	interface ConnectionFactory {

		Connection connect() throws SQLException;

	}

}
