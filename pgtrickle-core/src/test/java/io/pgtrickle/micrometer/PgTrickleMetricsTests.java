package io.pgtrickle.micrometer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import io.pgtrickle.core.CdcMode;
import io.pgtrickle.core.CdcSourceState;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.RefreshTier;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.SchedulerStatus;
import io.pgtrickle.core.StatusSnapshot;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableState;
import io.pgtrickle.core.StreamTableStats;
import io.pgtrickle.core.StreamTableStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleMetrics} with snapshots made in memory.
 */
class PgTrickleMetricsTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicReference<Supplier<StatusSnapshot>> source = new AtomicReference<>();

	private final AtomicInteger reads = new AtomicInteger();

	private final Supplier<StatusSnapshot> snapshots = () -> {
		this.reads.incrementAndGet();
		return this.source.get().get();
	};

	@Test
	void aggregatesAndPerTableMetersReflectTheSnapshot() {
		serve(snapshot(List.of(state("public.a", StreamTableStatus.ACTIVE, 0, true, 12),
				state("public.b", StreamTableStatus.ERROR, 3, null, 0)), true,
				List.of(source("orders", CdcMode.WAL, 4096L, "slot_lag_exceeds_threshold: 2 bytes > 1 bytes"))));
		new PgTrickleMetrics(this.snapshots, Tags.of("app", "test")).bindTo(this.registry);
		assertThat(gauge("pgtrickle.up", Tags.empty())).isEqualTo(1);
		assertThat(gauge("pgtrickle.stream.tables", Tags.of("status", "ACTIVE"))).isEqualTo(1);
		assertThat(gauge("pgtrickle.stream.tables", Tags.of("status", "ERROR"))).isEqualTo(1);
		assertThat(gauge("pgtrickle.stream.tables", Tags.of("status", "SUSPENDED"))).isZero();
		assertThat(gauge("pgtrickle.stale.stream.tables", Tags.empty())).isEqualTo(1);
		assertThat(gauge("pgtrickle.scheduler.running", Tags.empty())).isEqualTo(1);
		Tags a = Tags.of("stream_table", "public.a");
		Tags b = Tags.of("stream_table", "public.b");
		assertThat(gauge("pgtrickle.staleness", a)).isEqualTo(12);
		assertThat(gauge("pgtrickle.stale", a)).isOne();
		assertThat(gauge("pgtrickle.stale", b)).isZero();
		assertThat(gauge("pgtrickle.consecutive.errors", b)).isEqualTo(3);
		assertThat(gauge("pgtrickle.populated", a)).isOne();
		assertThat(gauge("pgtrickle.status", a)).isZero();
		assertThat(gauge("pgtrickle.status", b)).isEqualTo(2);
		assertThat(gauge("pgtrickle.refreshes", a.and("outcome", "completed"))).isEqualTo(7);
		assertThat(gauge("pgtrickle.refreshes", a.and("outcome", "failed"))).isEqualTo(2);
		assertThat(gauge("pgtrickle.refreshes", a.and("outcome", "other"))).isOne();
		assertThat(gauge("pgtrickle.rows", a.and("operation", "inserted"))).isEqualTo(100);
		assertThat(gauge("pgtrickle.rows", a.and("operation", "deleted"))).isEqualTo(40);
		assertThat(gauge("pgtrickle.refresh.duration.average", a)).isEqualTo(0.25);
		assertThat(gauge("pgtrickle.staleness", b)).isNaN();
		Tags orders = Tags.of("source_table", "orders");
		assertThat(gauge("pgtrickle.cdc.mode", orders)).isEqualTo(2);
		assertThat(gauge("pgtrickle.cdc.pending.rows", orders)).isEqualTo(5);
		assertThat(gauge("pgtrickle.cdc.buffer.size", orders)).isEqualTo(8192);
		assertThat(gauge("pgtrickle.cdc.replication.lag", orders)).isEqualTo(4096);
		assertThat(gauge("pgtrickle.cdc.alert", orders)).isOne();
		assertThat(this.registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTag("app")).isEqualTo("test"));
	}

	@Test
	void metersOfStreamTablesAndSourcesThatDisappearAreRemoved() {
		serve(snapshot(List.of(state("public.a", StreamTableStatus.ACTIVE, 0, false, 1),
				state("public.b", StreamTableStatus.ACTIVE, 0, false, 1)), true,
				List.of(source("orders", CdcMode.WAL, 1L, null))));
		new PgTrickleMetrics(this.snapshots, Tags.empty()).bindTo(this.registry);
		assertThat(perTable("public.b")).hasSize(11);
		assertThat(this.registry.find("pgtrickle.cdc.replication.lag").gauges()).hasSize(1);
		serve(snapshot(List.of(state("public.a", StreamTableStatus.ACTIVE, 0, false, 1),
				state("public.c", StreamTableStatus.INITIALIZING, 0, false, 1)), true,
				List.of(source("orders", CdcMode.TRIGGER, null, null))));
		scrape();
		assertThat(perTable("public.b")).isEmpty();
		assertThat(perTable("public.c")).hasSize(11);
		assertThat(gauge("pgtrickle.cdc.replication.lag", Tags.of("source_table", "orders"))).isNaN();
		assertThat(gauge("pgtrickle.cdc.mode", Tags.of("source_table", "orders"))).isZero();
		serve(snapshot(List.of(), false, List.of()));
		scrape();
		assertThat(this.registry.find("pgtrickle.staleness").gauges()).isEmpty();
		assertThat(this.registry.find("pgtrickle.cdc.mode").gauges()).isEmpty();
		assertThat(gauge("pgtrickle.scheduler.running", Tags.empty())).isZero();
		assertThat(gauge("pgtrickle.stream.tables", Tags.of("status", "ACTIVE"))).isZero();
	}

	@Test
	void perTableMetersCanBeLimitedOrSwitchedOff() {
		serve(snapshot(List.of(state("public.a", StreamTableStatus.ACTIVE, 0, false, 1),
				state("public.b", StreamTableStatus.ACTIVE, 0, false, 1)), true,
				List.of(source("orders", CdcMode.TRIGGER, null, null))));
		new PgTrickleMetrics(this.snapshots, Tags.empty(), StreamTableName.of("public.a")::equals, false)
			.bindTo(this.registry);
		assertThat(perTable("public.a")).hasSize(11);
		assertThat(perTable("public.b")).isEmpty();
		assertThat(this.registry.find("pgtrickle.cdc.mode").gauges()).isEmpty();
		SimpleMeterRegistry aggregatesOnly = new SimpleMeterRegistry();
		new PgTrickleMetrics(this.snapshots, Tags.empty(), (name) -> false, false).bindTo(aggregatesOnly);
		assertThat(aggregatesOnly.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsOnly("pgtrickle.up", "pgtrickle.stream.tables", "pgtrickle.stale.stream.tables",
					"pgtrickle.scheduler.running", "pgtrickle.reporter");
	}

	@Test
	void anInstanceThatDoesNotReportReadsNothingAndKeepsOnlyTheAggregates() {
		serve(snapshot(List.of(state("public.a", StreamTableStatus.ACTIVE, 0, false, 5)), true,
				List.of(source("orders", CdcMode.TRIGGER, null, null))));
		AtomicBoolean reporting = new AtomicBoolean(true);
		PgTrickleMetrics metrics = new PgTrickleMetrics(this.snapshots, Tags.empty());
		metrics.setReporting(reporting::get);
		metrics.bindTo(this.registry);
		assertThat(gauge("pgtrickle.reporter", Tags.empty())).isOne();
		assertThat(perTable("public.a")).hasSize(11);

		reporting.set(false);
		this.reads.set(0);
		scrape();
		assertThat(this.reads).as("snapshot reads of an instance that does not report").hasValue(0);
		assertThat(gauge("pgtrickle.reporter", Tags.empty())).isZero();
		assertThat(gauge("pgtrickle.up", Tags.empty())).isNaN();
		assertThat(gauge("pgtrickle.stream.tables", Tags.of("status", "ACTIVE"))).isNaN();
		assertThat(gauge("pgtrickle.scheduler.running", Tags.empty())).isNaN();
		assertThat(perTable("public.a")).isEmpty();
		assertThat(this.registry.find("pgtrickle.cdc.mode").gauges()).isEmpty();

		reporting.set(true);
		scrape();
		assertThat(gauge("pgtrickle.reporter", Tags.empty())).isOne();
		assertThat(gauge("pgtrickle.up", Tags.empty())).isOne();
		assertThat(perTable("public.a")).hasSize(11);
		assertThat(gauge("pgtrickle.staleness", Tags.of("stream_table", "public.a"))).isEqualTo(5);
		assertThat(gauge("pgtrickle.cdc.mode", Tags.of("source_table", "orders"))).isZero();
	}

	@Test
	void gaugesReportNaNWhileTheSnapshotCannotBeReadAndRecover() {
		serve(snapshot(List.of(state("public.a", StreamTableStatus.ACTIVE, 2, false, 5)), true, List.of()));
		new PgTrickleMetrics(this.snapshots, Tags.empty()).bindTo(this.registry);
		this.source.set(() -> {
			throw new DataAccessResourceFailureException("connection refused");
		});
		assertThat(gauge("pgtrickle.up", Tags.empty())).isZero();
		assertThat(gauge("pgtrickle.stream.tables", Tags.of("status", "ACTIVE"))).isNaN();
		assertThat(gauge("pgtrickle.scheduler.running", Tags.empty())).isNaN();
		assertThat(gauge("pgtrickle.consecutive.errors", Tags.of("stream_table", "public.a"))).isNaN();
		assertThat(perTable("public.a")).as("meters are kept while the database is unknown").hasSize(11);
		serve(snapshot(List.of(state("public.a", StreamTableStatus.ACTIVE, 2, false, 5)), true, List.of()));
		assertThat(gauge("pgtrickle.up", Tags.empty())).isOne();
		assertThat(gauge("pgtrickle.consecutive.errors", Tags.of("stream_table", "public.a"))).isEqualTo(2);
	}

	@Test
	void aScrapeReadsTheSupplierOncePerGaugeAndDoesNotRebuildForTheSameSnapshot() {
		StatusSnapshot snapshot = snapshot(List.of(state("public.a", StreamTableStatus.ACTIVE, 0, false, 1)), true,
				List.of());
		serve(snapshot);
		PgTrickleMetrics metrics = new PgTrickleMetrics(this.snapshots, Tags.empty());
		metrics.bindTo(this.registry);
		int meters = this.registry.getMeters().size();
		scrape();
		scrape();
		assertThat(this.registry.getMeters()).hasSize(meters);
	}

	private List<Meter> perTable(String name) {
		return this.registry.getMeters()
			.stream()
			.filter((meter) -> name.equals(meter.getId().getTag("stream_table")))
			.toList();
	}

	private void scrape() {
		this.registry.getMeters().forEach((meter) -> meter.measure().forEach((measurement) -> measurement.getValue()));
	}

	private double gauge(String name, Tags tags) {
		Gauge gauge = this.registry.find(name).tags(tags).gauge();
		assertThat(gauge).as(name + " " + tags).isNotNull();
		return gauge.value();
	}

	private void serve(StatusSnapshot snapshot) {
		this.source.set(() -> snapshot);
	}

	private static StatusSnapshot snapshot(List<StreamTableState> states, boolean schedulerRunning,
			List<CdcSourceState> sources) {
		return new StatusSnapshot(NOW, states,
				schedulerRunning ? SchedulerStatus.RUNNING : SchedulerStatus.NOT_RUNNING, false, sources);
	}

	private static CdcSourceState source(String table, CdcMode mode, Long lag, String alert) {
		return new CdcSourceState(42, table, mode, 5, 8192, lag, alert);
	}

	private static StreamTableState state(String name, StreamTableStatus status, int errors, Boolean stale,
			long stalenessSeconds) {
		StreamTableStats stats = new StreamTableStats(10, 7, 2, 100, 40, Duration.ofMillis(250), "FULL", "COMPLETED");
		boolean refreshed = status == StreamTableStatus.ACTIVE;
		return new StreamTableState(StreamTableName.of(name), status, RefreshMode.FULL, refreshed, errors,
				Schedule.parse("1m"), null, refreshed ? NOW.minusSeconds(stalenessSeconds) : null,
				refreshed ? Duration.ofSeconds(stalenessSeconds) : null, stale, false, stats, List.of(CdcMode.TRIGGER),
				RefreshTier.HOT, null, null);
	}

}
