package io.pgtrickle.micrometer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Elects one reporter of pg_trickle's meters among the instances of an application that share a
 * database, so that N replicas cost the database one status snapshot per scrape instead of N. The
 * instance that holds a PostgreSQL session advisory lock, keyed by the election's name, is the
 * reporter; the others try to take the lock once per interval, on a connection they close again.
 * <p>
 * The reporter holds the lock on a connection of its own for as long as it runs, so the
 * {@link DataSource} must not pool (pools evict long-lived connections) and must reach PostgreSQL
 * directly or through a pooler in session mode. When the reporter stops, its connection closes and
 * the lock is free at once; when its connection breaks, PostgreSQL frees the lock when the session
 * ends, and the reporter steps down at its next check. For up to one interval two instances may
 * then both report, or none. So that PostgreSQL notices a reporter that vanished without closing
 * its connection within about two intervals, rather than after the server's TCP keepalive
 * settings (often two hours), the reporter's session sets its own {@code tcp_keepalives_*}.
 * <p>
 * The election fails open: an instance that cannot take part in it (the database is unreachable,
 * no connection is left) reports, as it would without an election, so that a database outage
 * still shows in every instance's {@code pgtrickle.up}. So does an instance before its first
 * round.
 * <p>
 * Start it with {@link #start()} (a Spring container does so) and hand it to
 * {@link PgTrickleMetrics#setReporting(BooleanSupplier)}.
 */
public final class MetricsReporterElection implements BooleanSupplier, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(MetricsReporterElection.class);

	private static final String TRY_LOCK = "SELECT pg_catalog.pg_try_advisory_lock(?)";

	private static final String KEEPALIVES = """
			SELECT pg_catalog.set_config('tcp_keepalives_idle', ?, false),
			       pg_catalog.set_config('tcp_keepalives_interval', ?, false),
			       pg_catalog.set_config('tcp_keepalives_count', '3', false)""";

	private final DataSource dataSource;

	private final String name;

	private final long lockKey;

	private final Object lifecycleMonitor = new Object();

	private volatile Duration interval = Duration.ofSeconds(15);

	private volatile boolean reporter;

	private volatile boolean undecided = true;

	private @Nullable ScheduledExecutorService executor;

	private volatile @Nullable Connection lockConnection;

	private boolean failing;

	/**
	 * Create an election.
	 * @param dataSource a non-pooling data source of the database the instances share
	 * @param name the election's name: instances with the same name elect one reporter among them,
	 * for example the application's name
	 */
	public MetricsReporterElection(DataSource dataSource, String name) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		Assert.hasText(name, "'name' must not be empty");
		this.dataSource = dataSource;
		this.name = name;
		this.lockKey = lockKey(name);
	}

	/**
	 * Set how often an instance that does not report tries to become the reporter, and how often
	 * the reporter checks that its connection, and so its lock, is still alive. Defaults to 15
	 * seconds.
	 * @param interval the interval, positive
	 */
	public void setInterval(Duration interval) {
		Assert.notNull(interval, "'interval' must not be null");
		Assert.isTrue(!interval.isNegative() && !interval.isZero(), "'interval' must be positive");
		this.interval = interval;
	}

	/**
	 * Return the election's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the key of the advisory lock that the reporter holds: the first 8 bytes of the SHA-256
	 * of {@code "pgtrickle.metrics:" + name}.
	 * @return the lock key
	 */
	public long getLockKey() {
		return this.lockKey;
	}

	/**
	 * Return whether this instance is the elected reporter.
	 * @return {@code true} while this instance holds the lock
	 */
	public boolean isReporter() {
		return this.reporter;
	}

	/**
	 * Return whether this instance should report: it is the elected reporter, or its last round
	 * of the election could not be held (or none has run yet).
	 * @return whether this instance should report
	 */
	@Override
	public boolean getAsBoolean() {
		return this.reporter || this.undecided;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.executor != null) {
				return;
			}
			ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "pgtrickle-metrics-election");
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.interval.toMillis();
			started.scheduleWithFixedDelay(this::elect, 0, millis, TimeUnit.MILLISECONDS);
			this.executor = started;
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService stopped;
		synchronized (this.lifecycleMonitor) {
			stopped = this.executor;
			this.executor = null;
		}
		if (stopped == null) {
			return;
		}
		stopped.shutdownNow();
		try {
			if (!stopped.awaitTermination(10, TimeUnit.SECONDS)) {
				logger.warn("The pg_trickle metrics election did not stop within 10 seconds");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// The election's thread is done: the connection is this thread's now.
		stepDown();
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.executor != null;
		}
	}

	/**
	 * Run one round of the election: the reporter checks that its connection is alive, any other
	 * instance tries to take the lock. Called once per interval while the election runs.
	 */
	void elect() {
		try {
			Connection connection = this.lockConnection;
			if (connection != null) {
				if (connection.isValid(timeoutSeconds())) {
					return;
				}
				logger.warn("Lost the connection that holds the lock of pg_trickle metrics election '" + this.name
						+ "'; this instance stops reporting pg_trickle's meters");
				stepDown();
			}
			tryToLead();
			this.undecided = false;
			this.failing = false;
		}
		catch (SQLException | RuntimeException ex) {
			stepDown();
			this.undecided = true;
			if (!this.failing) {
				this.failing = true;
				logger.warn("Cannot take part in pg_trickle metrics election '" + this.name
						+ "'; this instance reports pg_trickle's meters until it can", ex);
			}
			else {
				logger.debug("pg_trickle metrics election '" + this.name + "' failed again", ex);
			}
		}
	}

	private void tryToLead() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			connection.setAutoCommit(true);
			if (!tryLock(connection)) {
				connection.close();
				return;
			}
			keepAlive(connection);
		}
		catch (SQLException | RuntimeException ex) {
			try {
				connection.close();
			}
			catch (SQLException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
		this.lockConnection = connection;
		this.reporter = true;
		logger.info("This instance now reports pg_trickle's meters (metrics election '" + this.name + "')");
	}

	private boolean tryLock(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK)) {
			statement.setQueryTimeout(timeoutSeconds());
			statement.setLong(1, this.lockKey);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	/**
	 * Make the server probe the reporter's connection once per interval when it is idle, and give
	 * up after three unanswered probes (ignored on a Unix-domain socket).
	 */
	private void keepAlive(Connection connection) throws SQLException {
		long idle = Math.max(1, this.interval.toSeconds());
		try (PreparedStatement statement = connection.prepareStatement(KEEPALIVES)) {
			statement.setQueryTimeout(timeoutSeconds());
			statement.setString(1, Long.toString(idle));
			statement.setString(2, Long.toString(Math.max(1, idle / 3)));
			statement.executeQuery().close();
		}
	}

	private void stepDown() {
		this.reporter = false;
		Connection connection = this.lockConnection;
		this.lockConnection = null;
		if (connection != null) {
			try {
				// Closing the session frees its advisory locks.
				connection.close();
			}
			catch (SQLException ex) {
				logger.debug("Could not close the connection of pg_trickle metrics election '" + this.name + "'", ex);
			}
		}
	}

	private int timeoutSeconds() {
		return (int) Math.max(1, Math.min(10, this.interval.toSeconds()));
	}

	static long lockKey(String name) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(("pgtrickle.metrics:" + name).getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "MetricsReporterElection '" + this.name + "' (" + (this.reporter ? "reporter" : "not reporting") + ")";
	}

}
