package io.pgtrickle.micrometer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StatusSnapshotCache;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link PgTrickleMetrics}: meters follow refreshes, failures and drops, and
 * a scrape costs one query.
 */
@PgTrickleTest
class PgTrickleMetricsIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate template;

	PgTrickleMetricsIntegrationTests(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.template = new PgTrickleTemplate(dataSource);
	}

	@Test
	void metersChangeAfterRefreshesFailuresAndDrops() throws InterruptedException {
		this.jdbc.execute("CREATE TABLE divisors (id int PRIMARY KEY, divisor int NOT NULL)");
		this.jdbc.update("INSERT INTO divisors VALUES (1, 1)");
		StreamTableName quotients = StreamTableName.of("public.quotients");
		this.template.create(StreamTableDefinition.builder(quotients, "SELECT id, 100 / divisor AS q FROM divisors")
			.schedule(Schedule.parse("1s"))
			.refreshMode(RefreshMode.FULL)
			.build());
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new PgTrickleMetrics(new StatusSnapshotCache(this.template, Duration.ZERO), Tags.empty()).bindTo(registry);
		Tags table = Tags.of("stream_table", "public.quotients");
		assertThat(value(registry, "pgtrickle.up", Tags.empty())).isOne();
		assertThat(value(registry, "pgtrickle.stream.tables", Tags.of("status", "ACTIVE"))).isPositive();
		assertThat(value(registry, "pgtrickle.scheduler.running", Tags.empty())).isOne();
		assertThat(value(registry, "pgtrickle.populated", table)).isOne();
		assertThat(value(registry, "pgtrickle.status", table)).isZero();
		assertThat(value(registry, "pgtrickle.consecutive.errors", table)).isZero();
		assertThat(value(registry, "pgtrickle.staleness", table)).isNotNegative().isLessThan(60);
		Tags source = Tags.of("source_table", "divisors");
		assertThat(value(registry, "pgtrickle.cdc.mode", source)).isIn(0.0, 1.0, 2.0);
		assertThat(value(registry, "pgtrickle.cdc.alert", source)).isZero();
		double completed = value(registry, "pgtrickle.refreshes", table.and("outcome", "completed"));
		this.jdbc.update("INSERT INTO divisors VALUES (2, 4)");
		this.template.refresh(quotients);
		await("a completed refresh is counted",
				() -> value(registry, "pgtrickle.refreshes", table.and("outcome", "completed")) > completed);
		assertThat(value(registry, "pgtrickle.rows", table.and("operation", "inserted"))).isPositive();
		assertThat(value(registry, "pgtrickle.refresh.duration.average", table)).isNotNegative();
		this.jdbc.update("INSERT INTO divisors VALUES (3, 0)");
		// A division by zero is not retryable: pg_trickle puts the stream table in ERROR at once;
		// retryable failures count consecutive errors first.
		await("the scheduler's failing refresh is counted",
				() -> value(registry, "pgtrickle.refreshes", table.and("outcome", "failed")) >= 1
						&& (value(registry, "pgtrickle.consecutive.errors", table) >= 1
								|| value(registry, "pgtrickle.status", table) >= 2));
		double total = value(registry, "pgtrickle.stream.tables", Tags.of("status", "ACTIVE"))
				+ value(registry, "pgtrickle.stream.tables", Tags.of("status", "ERROR"))
				+ value(registry, "pgtrickle.stream.tables", Tags.of("status", "SUSPENDED"));
		this.template.drop(quotients);
		assertThat(value(registry, "pgtrickle.stream.tables", Tags.of("status", "ACTIVE"))
				+ value(registry, "pgtrickle.stream.tables", Tags.of("status", "ERROR"))
				+ value(registry, "pgtrickle.stream.tables", Tags.of("status", "SUSPENDED"))).isEqualTo(total - 1);
		assertThat(registry.find("pgtrickle.staleness").tags(table).gauge()).isNull();
		assertThat(registry.getMeters()).noneMatch((meter) -> "public.quotients".equals(meter.getId().getTag("stream_table")));
		assertThat(registry.find("pgtrickle.cdc.mode").tags(source).gauge()).isNull();
	}

	@Test
	void aScrapeOfEveryMeterCostsOneSnapshotQuery() throws InterruptedException {
		this.jdbc.execute("CREATE TABLE items (id int PRIMARY KEY, amount int NOT NULL)");
		for (int i = 0; i < 5; i++) {
			this.template.create(StreamTableDefinition
				.builder(StreamTableName.of("public.items_" + i), "SELECT id, amount * " + i + " AS a FROM items")
				.schedule(Schedule.parse("1h"))
				.build());
		}
		AtomicInteger snapshots = new AtomicInteger();
		PgTrickleOperations counting = (PgTrickleOperations) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { PgTrickleOperations.class }, (proxy, method, args) -> {
					if (method.getName().equals("statusSnapshot")) {
						snapshots.incrementAndGet();
					}
					try {
						return method.invoke(this.template, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		StatusSnapshotCache cache = new StatusSnapshotCache(counting, Duration.ofSeconds(2));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new PgTrickleMetrics(cache, Tags.empty()).bindTo(registry);
		assertThat(registry.find("pgtrickle.staleness").gauges()).hasSizeGreaterThanOrEqualTo(5);
		assertThat(registry.getMeters()).hasSizeGreaterThan(5 * 11);
		Thread.sleep(2100);
		snapshots.set(0);
		scrape(registry);
		assertThat(snapshots).as("queries of the first scrape after the cache expired").hasValue(1);
		scrape(registry);
		assertThat(snapshots).as("queries of a second scrape within the time to live").hasValue(1);
	}

	private static void scrape(SimpleMeterRegistry registry) {
		registry.getMeters().forEach((meter) -> meter.measure().forEach((measurement) -> measurement.getValue()));
	}

	private static double value(SimpleMeterRegistry registry, String name, Tags tags) {
		Gauge gauge = registry.find(name).tags(tags).gauge();
		assertThat(gauge).as(name + " " + tags).isNotNull();
		return gauge.value();
	}

	private static void await(String description, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as(description).isLessThan(deadline);
			Thread.sleep(200);
		}
	}

}
