package io.pgtrickle.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.postgresql.Driver;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.StatusSnapshotCache;
import io.pgtrickle.micrometer.MetricsReporterElection;
import io.pgtrickle.micrometer.PgTrickleMetrics;
import io.pgtrickle.test.PgTrickleDatabase;

/**
 * What a Prometheus scrape of pg_trickle's meters costs with 1,000 stream tables, against the same
 * status snapshot query sent through plain JDBC on the same connection, reading every column. The
 * snapshot cache is invalidated before every scrape, so every scrape queries the database. Every
 * statement is counted; at the end of the trial the count per scrape is printed, and during
 * set-up the heap the meters take per stream table. Targets: exactly one round trip per scrape,
 * and a scrape at most 1.5 times the raw query.
 * <p>
 * {@code electionFollowerRound} measures what an instance that does not report costs per
 * {@code pgtrickle.metrics.election.interval} instead of a snapshot per scrape: while a
 * {@link MetricsReporterElection} holds the lock, it opens a connection, tries the lock as the
 * election does, and closes the connection.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PrometheusScrapeBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dpgtrickle.test.backend=embedded")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class PrometheusScrapeBenchmark {

	/**
	 * A scrape: the snapshot query, the gauges and the Prometheus text format.
	 * @param state the database and the registry
	 * @return the scrape
	 */
	@Benchmark
	public String scrape(ScrapeState state) {
		state.cache.invalidate();
		String scrape = state.registry.scrape();
		state.scrapes++;
		return scrape;
	}

	/**
	 * The snapshot query through JDBC, reading every column of every row.
	 * @param state the database
	 * @param blackhole consumes the values
	 * @throws SQLException on failure
	 */
	@Benchmark
	public void snapshotQueryJdbc(ScrapeState state, Blackhole blackhole) throws SQLException {
		state.fixture.readAll(state.snapshotSql, blackhole::consume);
	}

	/**
	 * One round of the metrics election by an instance that does not report: connect, fail to take
	 * the lock that the reporter holds, disconnect.
	 * @param state the database and the reporter
	 * @return whether the lock was taken, always {@code false}
	 * @throws SQLException on failure
	 */
	@Benchmark
	public boolean electionFollowerRound(ScrapeState state) throws SQLException {
		try (Connection connection = state.electionDataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.pg_try_advisory_lock(?)")) {
			statement.setLong(1, state.election.getLockKey());
			try (ResultSet resultSet = statement.executeQuery()) {
				if (!resultSet.next() || resultSet.getBoolean(1)) {
					throw new IllegalStateException("The follower took the lock that the reporter holds");
				}
				return false;
			}
		}
	}

	/**
	 * A database with 1,000 stream tables, and a Prometheus registry with pg_trickle's meters whose
	 * statements are counted.
	 */
	@State(Scope.Benchmark)
	public static class ScrapeState {

		static final int STREAM_TABLES = 1000;

		StreamTablesFixture fixture;

		StatusSnapshotCache cache;

		PrometheusMeterRegistry registry;

		long scrapes;

		String snapshotSql;

		DataSource electionDataSource;

		MetricsReporterElection election;

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			this.fixture = new StreamTablesFixture("scrape_benchmark", STREAM_TABLES);
			this.cache = new StatusSnapshotCache(new PgTrickleTemplate(this.fixture.countingDataSource()),
					Duration.ofMinutes(10));
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			long before = usedHeapAfterGc(memory);
			this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			// A plain supplier, so that the binder asks the cache on every read and the invalidation
			// before each scrape forces exactly one query per scrape.
			StatusSnapshotCache snapshots = this.cache;
			new PgTrickleMetrics(snapshots::get, Tags.empty()).bindTo(this.registry);
			String first = this.registry.scrape();
			long after = usedHeapAfterGc(memory);
			if (!first.contains("stream_table=\"public.totals_1000\"")) {
				throw new IllegalStateException("Expected the meters of " + STREAM_TABLES + " stream tables");
			}
			this.snapshotSql = this.fixture.recorded("pg_stat_stream_tables");
			System.out.printf("%nMeters: %d, scrape size: %d bytes, heap of registry, meters and snapshot: %d bytes,"
					+ " %.0f bytes per stream table%n", this.registry.getMeters().size(), first.length(),
					after - before, (double) (after - before) / STREAM_TABLES);
			this.fixture.resetStatements();
			PgTrickleDatabase database = this.fixture.database();
			this.electionDataSource = new SimpleDriverDataSource(new Driver(), database.jdbcUrl(), database.username(),
					database.password());
			this.election = new MetricsReporterElection(this.electionDataSource, "benchmark");
			this.election.start();
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!this.election.isReporter()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The election did not elect this process within 10 seconds");
				}
				Thread.onSpinWait();
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			if (this.scrapes > 0) {
				System.out.printf("%nScrapes: %d, statements executed: %d, statements per scrape: %.4f%n",
						this.scrapes, this.fixture.statements(), (double) this.fixture.statements() / this.scrapes);
			}
			this.election.stop();
			this.registry.close();
			this.fixture.close();
		}

		private static long usedHeapAfterGc(MemoryMXBean memory) {
			for (int i = 0; i < 3; i++) {
				System.gc();
			}
			return memory.getHeapMemoryUsage().getUsed();
		}

	}

}
