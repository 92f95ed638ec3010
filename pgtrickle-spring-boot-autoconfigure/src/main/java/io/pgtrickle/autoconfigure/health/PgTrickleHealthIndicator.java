package io.pgtrickle.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

import io.pgtrickle.autoconfigure.health.FreshnessRule.Verdict;
import io.pgtrickle.core.ExtensionNotInstalledException;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.SchedulerStatus;
import io.pgtrickle.core.StatusSnapshot;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableState;
import io.pgtrickle.core.StreamTableStatus;

/**
 * {@link org.springframework.boot.health.contributor.HealthIndicator HealthIndicator} for
 * pg_trickle's stream tables in one database. A check reads pg_trickle's status snapshot, the
 * state of every stream table, in one query, and reports {@link Status#DOWN DOWN} when:
 * <ul>
 * <li>the database does not answer within the timeout, or the query fails;</li>
 * <li>pg_trickle is not installed;</li>
 * <li>a stream table is {@code ERROR} or {@code SUSPENDED};</li>
 * <li>a stream table is stale: overdue for its next refresh by more than its freshness
 * threshold;</li>
 * <li>pg_trickle's scheduler is not running for the database, on a primary (a standby has
 * none).</li>
 * </ul>
 * Otherwise it reports {@link Status#UP UP}. The details give the number of stream tables by
 * status and, for every stream table that needs attention, its status, staleness, consecutive
 * errors and last error.
 * <p>
 * The query runs on a separate thread, so a check returns within the timeout even when the
 * database hangs; checks that arrive while a query runs wait for that query instead of starting
 * another one, and successful results are reused for the cache's time to live (a failure never
 * is). The snapshot carries the scheduler's state and whether the server is a standby, so a check
 * is one query.
 */
public class PgTrickleHealthIndicator extends AbstractHealthIndicator {

	private static final Log logger = LogFactory.getLog(PgTrickleHealthIndicator.class);

	private static final ExecutorService executor = Executors
		.newCachedThreadPool(daemonThreadFactory("pgtrickle-health-"));

	private final PgTrickleOperations operations;

	private final @Nullable JdbcTemplate jdbcTemplate;

	private final Object monitor = new Object();

	private volatile @Nullable Supplier<StatusSnapshot> statusSnapshots;

	private volatile Duration timeout = Duration.ofSeconds(2);

	private volatile Duration cacheTimeToLive = Duration.ofSeconds(1);

	private volatile FreshnessRule freshnessRule = new FreshnessRule(Duration.ofMinutes(10), Map.of());

	private volatile boolean schedulerCheckEnabled = true;

	private @Nullable Reading lastReading;

	private @Nullable CompletableFuture<Reading> pendingReading;

	/**
	 * Create an indicator for the stream tables in the given data source's database.
	 * @param dataSource the data source
	 */
	public PgTrickleHealthIndicator(DataSource dataSource) {
		this(healthJdbcTemplate(dataSource));
	}

	private PgTrickleHealthIndicator(JdbcTemplate jdbcTemplate) {
		this(new PgTrickleTemplate(jdbcTemplate), jdbcTemplate);
	}

	PgTrickleHealthIndicator(PgTrickleOperations operations) {
		this(operations, null);
	}

	private PgTrickleHealthIndicator(PgTrickleOperations operations, @Nullable JdbcTemplate jdbcTemplate) {
		super("pg_trickle health check failed");
		this.operations = operations;
		this.jdbcTemplate = jdbcTemplate;
		applyQueryTimeout();
	}

	/**
	 * Set a shared source of status snapshots, such as the
	 * {@link io.pgtrickle.core.StatusSnapshotCache} that pg_trickle's meters read, to use instead
	 * of querying for a snapshot of this indicator's own.
	 * @param statusSnapshots the source, or {@code null} to query directly
	 */
	public void setStatusSnapshots(@Nullable Supplier<StatusSnapshot> statusSnapshots) {
		this.statusSnapshots = statusSnapshots;
	}

	/**
	 * Set how long a check waits for the database before it reports {@link Status#DOWN DOWN}; the
	 * queries of this indicator also get it, rounded up to whole seconds, as their statement
	 * timeout. Defaults to 2 seconds.
	 * @param timeout the timeout, positive
	 */
	public void setTimeout(Duration timeout) {
		Assert.notNull(timeout, "'timeout' must not be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		this.timeout = timeout;
		applyQueryTimeout();
	}

	/**
	 * Set how long a result is reused before the database is queried again. Defaults to 1 second;
	 * zero disables the cache.
	 * @param cacheTimeToLive the time to live, zero or positive
	 */
	public void setCacheTimeToLive(Duration cacheTimeToLive) {
		Assert.notNull(cacheTimeToLive, "'cacheTimeToLive' must not be null");
		Assert.isTrue(!cacheTimeToLive.isNegative(), "'cacheTimeToLive' must not be negative");
		this.cacheTimeToLive = cacheTimeToLive;
	}

	/**
	 * Set the freshness thresholds: how long a stream table may be overdue for its next refresh
	 * before it counts as stale. The default threshold (10 minutes unless set) applies to stream
	 * tables with a duration or a cron schedule; a threshold of its own replaces it for a stream
	 * table, and makes one with a calculated schedule checked too, against the time since its last
	 * refresh.
	 * @param threshold the default threshold
	 * @param thresholds the thresholds of individual stream tables, by schema-qualified name
	 */
	public void setFreshnessThresholds(Duration threshold, Map<StreamTableName, Duration> thresholds) {
		Assert.notNull(threshold, "'threshold' must not be null");
		Assert.isTrue(!threshold.isNegative(), "'threshold' must not be negative");
		Assert.notNull(thresholds, "'thresholds' must not be null");
		thresholds.forEach((name, value) -> {
			Assert.isTrue(name.isQualified(), () -> "Stream table name '" + name + "' must have a schema");
			Assert.isTrue(value != null && !value.isNegative(),
					() -> "Threshold of stream table '" + name + "' must not be negative");
		});
		this.freshnessRule = new FreshnessRule(threshold, thresholds);
	}

	/**
	 * Set whether a primary on which pg_trickle's scheduler is not running reports
	 * {@link Status#DOWN DOWN}. Defaults to {@code true}.
	 * @param schedulerCheckEnabled whether the scheduler is checked
	 */
	public void setSchedulerCheckEnabled(boolean schedulerCheckEnabled) {
		this.schedulerCheckEnabled = schedulerCheckEnabled;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Reading reading;
		try {
			reading = read();
		}
		catch (TimeoutException ex) {
			builder.down().withDetail("error", "The database did not answer within " + this.timeout);
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			builder.unknown().withDetail("error", "Interrupted while waiting for the database");
			return;
		}
		catch (ExecutionException ex) {
			Throwable failure = (ex.getCause() != null) ? ex.getCause() : ex;
			logger.debug("pg_trickle health check failed", failure);
			if (failure instanceof ExtensionNotInstalledException) {
				builder.down()
					.withDetail("extension", "not installed")
					.withDetail("error", "pg_trickle is not installed in this database: a superuser must add "
							+ "pg_trickle to shared_preload_libraries, restart PostgreSQL and run CREATE EXTENSION "
							+ "pg_trickle");
				return;
			}
			builder.down(failure);
			return;
		}
		report(reading, builder);
	}

	private void report(Reading reading, Health.Builder builder) {
		StatusSnapshot snapshot = reading.snapshot();
		Instant now = snapshot.databaseTime();
		FreshnessRule rule = this.freshnessRule;
		Map<StreamTableStatus, Integer> counts = new EnumMap<>(StreamTableStatus.class);
		Map<String, Map<String, Object>> attention = new LinkedHashMap<>();
		int stale = 0;
		boolean down = false;
		for (StreamTableState state : snapshot.streamTables()) {
			counts.merge(state.status(), 1, Integer::sum);
			boolean halted = state.status().isHalted();
			Verdict verdict = halted ? Verdict.NOT_CHECKED : rule.evaluate(state, now);
			stale += verdict.stale() ? 1 : 0;
			down |= halted || verdict.stale();
			if (halted || verdict.stale() || state.consecutiveErrors() > 0 || state.status() == StreamTableStatus.UNKNOWN) {
				attention.put(state.name().toString(), describe(state, verdict));
			}
		}
		SchedulerState scheduler = schedulerState(snapshot);
		down |= scheduler == SchedulerState.NOT_RUNNING;
		Map<String, Integer> statusCounts = new LinkedHashMap<>();
		counts.forEach((status, count) -> statusCounts.put(status.name(), count));
		builder.status(down ? Status.DOWN : Status.UP)
			.withDetail("total", snapshot.streamTables().size())
			.withDetail("statusCounts", statusCounts)
			.withDetail("stale", stale)
			.withDetail("scheduler", scheduler.description())
			.withDetail("streamTables", attention);
	}

	private SchedulerState schedulerState(StatusSnapshot snapshot) {
		if (!this.schedulerCheckEnabled) {
			return SchedulerState.NOT_CHECKED;
		}
		SchedulerStatus status = snapshot.scheduler();
		if (status == null) {
			return SchedulerState.UNKNOWN;
		}
		return switch (status) {
			case RUNNING -> SchedulerState.RUNNING;
			case STARTING -> SchedulerState.STARTING;
			case NOT_RUNNING -> snapshot.standby() ? SchedulerState.STANDBY : SchedulerState.NOT_RUNNING;
		};
	}

	private static Map<String, Object> describe(StreamTableState state, Verdict verdict) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", state.status().name());
		Duration staleness = state.staleness();
		if (staleness != null) {
			details.put("staleness", durationText(staleness));
		}
		details.put("stale", verdict.stale());
		if (verdict.overdue() != null && verdict.threshold() != null) {
			details.put("overdue", durationText(verdict.overdue()));
			details.put("threshold", durationText(verdict.threshold()));
		}
		details.put("consecutiveErrors", state.consecutiveErrors());
		if (state.lastErrorMessage() != null) {
			details.put("lastError", state.lastErrorMessage());
		}
		if (state.lastErrorAt() != null) {
			details.put("lastErrorAt", state.lastErrorAt().toString());
		}
		return details;
	}

	private static String durationText(Duration duration) {
		return duration.truncatedTo(ChronoUnit.SECONDS).toString();
	}

	private Reading read() throws InterruptedException, ExecutionException, TimeoutException {
		CompletableFuture<Reading> pending;
		synchronized (this.monitor) {
			Reading last = this.lastReading;
			if (last != null && last.isYoungerThan(this.cacheTimeToLive)) {
				return last;
			}
			pending = this.pendingReading;
			// A finished query is never shared: its completion callback may not have run yet, and a
			// failure must not be served to the next check.
			if (pending == null || pending.isDone()) {
				CompletableFuture<Reading> started = CompletableFuture.supplyAsync(this::query, executor);
				this.pendingReading = started;
				started.whenComplete((reading, failure) -> {
					synchronized (this.monitor) {
						if (this.pendingReading == started) {
							this.pendingReading = null;
							this.lastReading = reading;
						}
					}
				});
				pending = started;
			}
		}
		return pending.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private Reading query() {
		Supplier<StatusSnapshot> shared = this.statusSnapshots;
		StatusSnapshot snapshot = (shared != null) ? shared.get() : this.operations.statusSnapshot();
		return new Reading(snapshot, System.nanoTime());
	}

	private void applyQueryTimeout() {
		if (this.jdbcTemplate != null) {
			long millis = this.timeout.toMillis();
			this.jdbcTemplate.setQueryTimeout((int) Math.max(1, (millis + 999) / 1000));
		}
	}

	private static JdbcTemplate healthJdbcTemplate(DataSource dataSource) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		return new JdbcTemplate(dataSource);
	}

	private static CustomizableThreadFactory daemonThreadFactory(String prefix) {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory(prefix);
		threadFactory.setDaemon(true);
		return threadFactory;
	}

	/**
	 * What one query found.
	 */
	private record Reading(StatusSnapshot snapshot, long readAt) {

		boolean isYoungerThan(Duration timeToLive) {
			return System.nanoTime() - this.readAt < timeToLive.toNanos();
		}

	}

	/**
	 * The states of pg_trickle's scheduler as the health check reports them.
	 */
	private enum SchedulerState {

		RUNNING("running"),

		STARTING("starting"),

		NOT_RUNNING("not running"),

		STANDBY("not running, as expected on a standby"),

		UNKNOWN("unknown"),

		NOT_CHECKED("not checked");

		private final String description;

		SchedulerState(String description) {
			this.description = description;
		}

		String description() {
			return this.description;
		}

	}

}
