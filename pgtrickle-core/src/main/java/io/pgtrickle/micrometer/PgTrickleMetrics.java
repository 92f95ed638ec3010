package io.pgtrickle.micrometer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import io.pgtrickle.core.CdcMode;
import io.pgtrickle.core.CdcSourceState;
import io.pgtrickle.core.StatusSnapshot;
import io.pgtrickle.core.StatusSnapshotCache;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableState;
import io.pgtrickle.core.StreamTableStatus;

/**
 * A {@link MeterBinder} for pg_trickle: aggregate gauges (stream tables by status, stale stream
 * tables, scheduler running), gauges per stream table and gauges per change-capture source, all
 * read from one {@link StatusSnapshot}.
 * <p>
 * Every gauge asks the snapshot supplier, which should be a {@link StatusSnapshotCache}: one
 * scrape then costs at most one query, whatever the number of stream tables. What the gauges read
 * from such a cache is reused for its time to live counted from the first gauge that read it, so
 * all gauges of a scrape report the same snapshot (a plain supplier is asked on every read). When the supplier returns a new snapshot, meters of
 * stream tables and sources that appeared are registered and meters of those that disappeared are
 * removed; a new stream table's meters therefore appear from the scrape after the one that first
 * saw it.
 * <p>
 * All values are gauges, including the refresh counts: pg_trickle computes them from a history
 * that it prunes, so they can go down, and a counter would show Prometheus a false reset. When the
 * snapshot cannot be read, the failure is logged once (until a read succeeds again),
 * {@code pgtrickle.up} reports 0 and every other gauge reports {@code NaN}; no gauge throws, and
 * the meters recover with the database.
 * <p>
 * Where many instances of an application share a database, {@link #setReporting(BooleanSupplier)}
 * can make only one of them, elected by a {@link MetricsReporterElection}, read the snapshot: the
 * others read nothing, have no per-table or per-source meters, and report {@code NaN} in the
 * aggregates and in {@code pgtrickle.up}. {@code pgtrickle.reporter} tells which instance reports.
 */
public class PgTrickleMetrics implements MeterBinder {

	private static final Log logger = LogFactory.getLog(PgTrickleMetrics.class);

	private static final String STREAM_TABLE = "stream_table";

	private static final String SOURCE_TABLE = "source_table";

	private final Supplier<StatusSnapshot> snapshots;

	private final Iterable<Tag> tags;

	private final Predicate<StreamTableName> streamTableFilter;

	private final boolean cdcSources;

	private final Object lock = new Object();

	private final List<Binding> bindings = new ArrayList<>();

	private final long reuseNanos;

	private volatile @Nullable Current current;

	private volatile @Nullable Reading reading;

	private volatile boolean failing;

	private volatile BooleanSupplier reporting = () -> true;

	private volatile boolean reporter = true;

	/**
	 * Create a new instance with meters for every stream table and source.
	 * @param snapshots supplies the snapshot; should cache it briefly
	 * @param tags tags added to every meter
	 */
	public PgTrickleMetrics(Supplier<StatusSnapshot> snapshots, Iterable<Tag> tags) {
		this(snapshots, tags, (name) -> true, true);
	}

	/**
	 * Create a new instance.
	 * @param snapshots supplies the snapshot; should cache it briefly
	 * @param tags tags added to every meter
	 * @param streamTableFilter which stream tables get meters of their own; {@code name -> false}
	 * leaves only the aggregates
	 * @param cdcSources whether change-capture sources get meters of their own
	 */
	public PgTrickleMetrics(Supplier<StatusSnapshot> snapshots, Iterable<Tag> tags,
			Predicate<StreamTableName> streamTableFilter, boolean cdcSources) {
		Assert.notNull(snapshots, "'snapshots' must not be null");
		Assert.notNull(tags, "'tags' must not be null");
		Assert.notNull(streamTableFilter, "'streamTableFilter' must not be null");
		this.snapshots = snapshots;
		this.reuseNanos = (snapshots instanceof StatusSnapshotCache cache) ? cache.getTimeToLive().toNanos() : 0;
		this.tags = Tags.of(tags);
		this.streamTableFilter = streamTableFilter;
		this.cdcSources = cdcSources;
	}

	/**
	 * Set what decides whether this instance reads the snapshot and reports, such as a
	 * {@link MetricsReporterElection}. It is asked at most once per cache time to live. By default
	 * every instance reports.
	 * @param reporting answers {@code true} while this instance reports
	 */
	public void setReporting(BooleanSupplier reporting) {
		Assert.notNull(reporting, "'reporting' must not be null");
		this.reporting = reporting;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Binding binding = new Binding(registry);
		synchronized (this.lock) {
			this.bindings.add(binding);
		}
		Gauge.builder("pgtrickle.up", this, PgTrickleMetrics::up)
			.tags(this.tags)
			.description("Whether the last read of pg_trickle's status snapshot succeeded (1) or failed (0)")
			.strongReference(true)
			.register(registry);
		for (StreamTableStatus status : List.of(StreamTableStatus.INITIALIZING, StreamTableStatus.ACTIVE,
				StreamTableStatus.SUSPENDED, StreamTableStatus.ERROR)) {
			Gauge.builder("pgtrickle.stream.tables", this, (metrics) -> metrics.aggregate((c) -> c.count(status)))
				.tags(this.tags)
				.tag("status", status.name())
				.description("Stream tables with the status")
				.strongReference(true)
				.register(registry);
		}
		Gauge.builder("pgtrickle.stale.stream.tables", this, (metrics) -> metrics.aggregate(Current::stale))
			.tags(this.tags)
			.description("Stream tables that pg_trickle flags as stale")
			.strongReference(true)
			.register(registry);
		Gauge.builder("pgtrickle.scheduler.running", this, PgTrickleMetrics::schedulerRunning)
			.tags(this.tags)
			.description("Whether pg_trickle's scheduler is running (1) or not (0)")
			.strongReference(true)
			.register(registry);
		Gauge.builder("pgtrickle.reporter", this, (metrics) -> {
			metrics.current();
			return metrics.reporter ? 1 : 0;
		})
			.tags(this.tags)
			.description("Whether this instance reads pg_trickle's status and reports the other pgtrickle meters (1) "
					+ "or leaves that to another instance (0)")
			.strongReference(true)
			.register(registry);
		Current now = current();
		if (now != null) {
			synchronized (this.lock) {
				binding.sync(now);
			}
		}
	}

	private double up() {
		Current now = current();
		if (!this.reporter) {
			return Double.NaN;
		}
		return (now != null) ? 1 : 0;
	}

	private double schedulerRunning() {
		Current now = current();
		if (now == null || now.snapshot.schedulerRunning() == null) {
			return Double.NaN;
		}
		return Boolean.TRUE.equals(now.snapshot.schedulerRunning()) ? 1 : 0;
	}

	private double aggregate(ToDoubleFunction<Current> function) {
		Current now = current();
		return (now != null) ? function.applyAsDouble(now) : Double.NaN;
	}

	private double streamTable(StreamTableName name, ToDoubleFunction<StreamTableState> function) {
		Current now = current();
		StreamTableState state = (now != null) ? now.streamTables.get(name) : null;
		return (state != null) ? function.applyAsDouble(state) : Double.NaN;
	}

	private double source(String sourceTable, ToDoubleFunction<CdcSourceState> function) {
		Current now = current();
		CdcSourceState state = (now != null) ? now.sources.get(sourceTable) : null;
		return (state != null) ? function.applyAsDouble(state) : Double.NaN;
	}

	/**
	 * Return the current snapshot, indexed, or {@code null} if it cannot be read. A new snapshot
	 * updates which meters are registered.
	 */
	private @Nullable Current current() {
		Reading last = this.reading;
		if (last != null && System.nanoTime() - last.at() < this.reuseNanos) {
			return last.current();
		}
		boolean reports = this.reporting.getAsBoolean();
		Current read = reports ? read() : standDown();
		this.reporter = reports;
		this.reading = new Reading(read, System.nanoTime());
		return read;
	}

	/**
	 * Stop reporting: remove the meters of stream tables and sources, which another instance
	 * reports.
	 */
	private @Nullable Current standDown() {
		synchronized (this.lock) {
			if (this.current != null) {
				this.current = null;
				for (Binding binding : this.bindings) {
					binding.clear();
				}
			}
		}
		return null;
	}

	private @Nullable Current read() {
		StatusSnapshot snapshot;
		try {
			snapshot = this.snapshots.get();
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Cannot read pg_trickle's status snapshot; pgtrickle meters report NaN until it can",
						ex);
			}
			return null;
		}
		if (this.failing) {
			this.failing = false;
			logger.info("Read pg_trickle's status snapshot again; pgtrickle meters recovered");
		}
		Current now = this.current;
		if (now != null && now.snapshot == snapshot) {
			return now;
		}
		synchronized (this.lock) {
			now = this.current;
			if (now != null && now.snapshot == snapshot) {
				return now;
			}
			now = new Current(snapshot);
			this.current = now;
			for (Binding binding : this.bindings) {
				binding.sync(now);
			}
			return now;
		}
	}

	/**
	 * Return the code that {@code pgtrickle.status} reports for a status.
	 * @param status the status
	 * @return 0 active, 1 initializing, 2 error, 3 suspended, -1 unknown
	 */
	static double statusCode(StreamTableStatus status) {
		return switch (status) {
			case ACTIVE -> 0;
			case INITIALIZING -> 1;
			case ERROR -> 2;
			case SUSPENDED -> 3;
			default -> -1;
		};
	}

	/**
	 * Return the code that {@code pgtrickle.cdc.mode} reports for a mode.
	 * @param mode the mode
	 * @return 0 trigger, 1 transitioning, 2 WAL, -1 other
	 */
	static double cdcModeCode(CdcMode mode) {
		return switch (mode) {
			case TRIGGER -> 0;
			case TRANSITIONING -> 1;
			case WAL -> 2;
			default -> -1;
		};
	}

	private static double seconds(@Nullable Duration duration) {
		return (duration != null) ? duration.toNanos() / 1e9 : Double.NaN;
	}

	/**
	 * What the gauges last read (a snapshot, or {@code null} for a failure) and when, by
	 * {@link System#nanoTime()}. It is reused for the cache's time to live counted from the first
	 * gauge that read it, so that every gauge of one scrape reports the same snapshot even when the
	 * cache expires during the scrape, and a scrape never costs more than one query.
	 */
	private record Reading(@Nullable Current current, long at) {
	}

	/**
	 * One snapshot, indexed by stream table and source.
	 */
	private static final class Current {

		private final StatusSnapshot snapshot;

		private final Map<StreamTableName, StreamTableState> streamTables;

		private final Map<String, CdcSourceState> sources;

		private final Map<StreamTableStatus, Integer> counts = new HashMap<>();

		private final int stale;

		Current(StatusSnapshot snapshot) {
			this.snapshot = snapshot;
			this.streamTables = new LinkedHashMap<>(snapshot.streamTables().size() * 2);
			int staleCount = 0;
			for (StreamTableState state : snapshot.streamTables()) {
				this.streamTables.put(state.name(), state);
				this.counts.merge(state.status(), 1, Integer::sum);
				if (Boolean.TRUE.equals(state.stale())) {
					staleCount++;
				}
			}
			this.stale = staleCount;
			this.sources = new LinkedHashMap<>(snapshot.cdcSources().size() * 2);
			for (CdcSourceState source : snapshot.cdcSources()) {
				this.sources.put(source.sourceTable(), source);
			}
		}

		double count(StreamTableStatus status) {
			return this.counts.getOrDefault(status, 0);
		}

		double stale() {
			return this.stale;
		}

	}

	/**
	 * The meters of stream tables and sources registered in one registry.
	 */
	private final class Binding {

		private final MeterRegistry registry;

		private final Map<StreamTableName, List<Meter>> streamTableMeters = new HashMap<>();

		private final Map<String, List<Meter>> sourceMeters = new HashMap<>();

		Binding(MeterRegistry registry) {
			this.registry = registry;
		}

		void clear() {
			this.streamTableMeters.values().forEach((meters) -> meters.forEach(this.registry::remove));
			this.streamTableMeters.clear();
			this.sourceMeters.values().forEach((meters) -> meters.forEach(this.registry::remove));
			this.sourceMeters.clear();
		}

		void sync(Current current) {
			for (StreamTableName name : current.streamTables.keySet()) {
				if (!this.streamTableMeters.containsKey(name) && PgTrickleMetrics.this.streamTableFilter.test(name)) {
					this.streamTableMeters.put(name, registerStreamTable(name));
				}
			}
			this.streamTableMeters.entrySet().removeIf((entry) -> {
				if (current.streamTables.containsKey(entry.getKey())) {
					return false;
				}
				entry.getValue().forEach(this.registry::remove);
				return true;
			});
			if (!PgTrickleMetrics.this.cdcSources) {
				return;
			}
			for (CdcSourceState source : current.sources.values()) {
				this.sourceMeters.computeIfAbsent(source.sourceTable(), this::registerSource);
			}
			this.sourceMeters.entrySet().removeIf((entry) -> {
				if (current.sources.containsKey(entry.getKey())) {
					return false;
				}
				entry.getValue().forEach(this.registry::remove);
				return true;
			});
		}

		private List<Meter> registerStreamTable(StreamTableName name) {
			Tags tags = Tags.of(PgTrickleMetrics.this.tags).and(STREAM_TABLE, name.toString());
			List<Meter> meters = new ArrayList<>();
			meters.add(TimeGauge
				.builder("pgtrickle.staleness", PgTrickleMetrics.this, TimeUnit.SECONDS,
						(metrics) -> metrics.streamTable(name, (state) -> seconds(state.staleness())))
				.tags(tags)
				.description("Time since the stream table's last refresh (NaN if never refreshed)")
				.strongReference(true)
				.register(this.registry));
			meters.add(gauge("pgtrickle.stale", tags, "Whether pg_trickle flags the stream table as stale (1) or not (0)",
					null, (state) -> Boolean.TRUE.equals(state.stale()) ? 1 : 0, name));
			meters.add(gauge("pgtrickle.consecutive.errors", tags, "Failed refreshes in a row", null,
					StreamTableState::consecutiveErrors, name));
			meters.add(gauge("pgtrickle.populated", tags, "Whether the stream table holds data (1) or not (0)", null,
					(state) -> state.populated() ? 1 : 0, name));
			meters.add(gauge("pgtrickle.status", tags,
					"Status code: 0 active, 1 initializing, 2 error, 3 suspended, -1 unknown", null,
					(state) -> statusCode(state.status()), name));
			meters.add(gauge("pgtrickle.refreshes", tags.and("outcome", "completed"),
					"Refreshes in pg_trickle's (pruned) refresh history, by outcome", null,
					(state) -> state.stats().successfulRefreshes(), name));
			meters.add(gauge("pgtrickle.refreshes", tags.and("outcome", "failed"),
					"Refreshes in pg_trickle's (pruned) refresh history, by outcome", null,
					(state) -> state.stats().failedRefreshes(), name));
			meters.add(gauge("pgtrickle.refreshes", tags.and("outcome", "other"),
					"Refreshes in pg_trickle's (pruned) refresh history, by outcome", null,
					(state) -> Math.max(0, state.stats().totalRefreshes() - state.stats().successfulRefreshes()
							- state.stats().failedRefreshes()),
					name));
			meters.add(gauge("pgtrickle.rows", tags.and("operation", "inserted"),
					"Rows changed by the refreshes in pg_trickle's (pruned) refresh history", "rows",
					(state) -> state.stats().rowsInserted(), name));
			meters.add(gauge("pgtrickle.rows", tags.and("operation", "deleted"),
					"Rows changed by the refreshes in pg_trickle's (pruned) refresh history", "rows",
					(state) -> state.stats().rowsDeleted(), name));
			meters.add(TimeGauge
				.builder("pgtrickle.refresh.duration.average", PgTrickleMetrics.this, TimeUnit.SECONDS,
						(metrics) -> metrics.streamTable(name, (state) -> seconds(state.stats().averageDuration())))
				.tags(tags)
				.description("Mean duration of the finished refreshes in pg_trickle's (pruned) refresh history")
				.strongReference(true)
				.register(this.registry));
			return meters;
		}

		private Meter gauge(String meterName, Tags tags, String description, @Nullable String baseUnit,
				ToDoubleFunction<StreamTableState> function, StreamTableName name) {
			return Gauge.builder(meterName, PgTrickleMetrics.this, (metrics) -> metrics.streamTable(name, function))
				.tags(tags)
				.description(description)
				.baseUnit(baseUnit)
				.strongReference(true)
				.register(this.registry);
		}

		private List<Meter> registerSource(String sourceTable) {
			Tags tags = Tags.of(PgTrickleMetrics.this.tags).and(SOURCE_TABLE, sourceTable);
			List<Meter> meters = new ArrayList<>();
			meters.add(sourceGauge("pgtrickle.cdc.mode", tags,
					"Change-capture mode code: 0 trigger, 1 transitioning, 2 WAL, -1 other", null,
					(source) -> cdcModeCode(source.cdcMode()), sourceTable));
			meters.add(sourceGauge("pgtrickle.cdc.pending.rows", tags,
					"Change rows not yet consumed by the slowest stream table reading the source", "rows",
					CdcSourceState::pendingRows, sourceTable));
			meters.add(sourceGauge("pgtrickle.cdc.buffer.size", tags, "Size of the source's change buffer", "bytes",
					CdcSourceState::bufferBytes, sourceTable));
			meters.add(sourceGauge("pgtrickle.cdc.replication.lag", tags,
					"How far the source's replication slot lags (WAL capture only; NaN for trigger capture)", "bytes",
					(source) -> (source.lagBytes() != null) ? source.lagBytes() : Double.NaN, sourceTable));
			meters.add(sourceGauge("pgtrickle.cdc.alert", tags,
					"Whether pg_trickle raised a change-capture alert for the source (1) or not (0)", null,
					(source) -> source.hasAlert() ? 1 : 0, sourceTable));
			return meters;
		}

		private Meter sourceGauge(String meterName, Tags tags, String description, @Nullable String baseUnit,
				ToDoubleFunction<CdcSourceState> function, String sourceTable) {
			return Gauge.builder(meterName, PgTrickleMetrics.this, (metrics) -> metrics.source(sourceTable, function))
				.tags(tags)
				.description(description)
				.baseUnit(baseUnit)
				.strongReference(true)
				.register(this.registry);
		}

	}

}
