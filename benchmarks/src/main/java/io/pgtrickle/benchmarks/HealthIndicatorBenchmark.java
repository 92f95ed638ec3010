package io.pgtrickle.benchmarks;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.pgtrickle.autoconfigure.health.PgTrickleHealthIndicator;

/**
 * What a check of the {@code pgtrickle} health indicator costs with 1,000 stream tables, against
 * the same status snapshot query sent through plain JDBC on the same connection (the statement is
 * recorded from the indicator during set-up) reading every column. The cache is off, so every check
 * queries the database. Every statement the indicator executes is counted; at the end of the trial
 * the count per check is printed. Targets: exactly one round trip per check, and a check at most
 * 1.2 times the raw query.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HealthIndicatorBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dpgtrickle.test.backend=embedded")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class HealthIndicatorBenchmark {

	/**
	 * A health check: the snapshot query, and the evaluation of every stream table's status and
	 * freshness.
	 * @param state the database
	 * @return the health
	 */
	@Benchmark
	public Health healthCheck(HealthState state) {
		Health health = state.indicator.health();
		state.checks++;
		return health;
	}

	/**
	 * The indicator's snapshot query through JDBC, reading every column of every row.
	 * @param state the database
	 * @param blackhole consumes the values
	 * @throws SQLException on failure
	 */
	@Benchmark
	public void snapshotQueryJdbc(HealthState state, Blackhole blackhole) throws SQLException {
		state.fixture.readAll(state.snapshotSql, blackhole::consume);
	}

	/**
	 * A database with 1,000 healthy stream tables, and an indicator whose statements are counted.
	 */
	@State(Scope.Benchmark)
	public static class HealthState {

		static final int STREAM_TABLES = 1000;

		StreamTablesFixture fixture;

		PgTrickleHealthIndicator indicator;

		long checks;

		String snapshotSql;

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			this.fixture = new StreamTablesFixture("health_benchmark", STREAM_TABLES);
			this.indicator = new PgTrickleHealthIndicator(this.fixture.countingDataSource());
			this.indicator.setCacheTimeToLive(Duration.ZERO);
			this.indicator.setTimeout(Duration.ofSeconds(30));
			long start = System.nanoTime();
			Health first = this.indicator.health();
			long firstMillis = (System.nanoTime() - start) / 1_000_000;
			if (first.getStatus() != Status.UP || !first.getDetails().get("total").equals(STREAM_TABLES)
					|| !"running".equals(first.getDetails().get("scheduler"))) {
				throw new IllegalStateException("Expected UP with " + STREAM_TABLES
						+ " stream tables and a running scheduler: " + first);
			}
			this.snapshotSql = this.fixture.recorded("pg_stat_stream_tables");
			System.out.println("First health check took " + firstMillis + " ms, " + this.fixture.statements()
					+ " statements");
			this.fixture.resetStatements();
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			if (this.checks > 0) {
				System.out.printf("%nHealth checks: %d, statements executed: %d, statements per check: %.4f%n",
						this.checks, this.fixture.statements(), (double) this.fixture.statements() / this.checks);
			}
			this.fixture.close();
		}

	}

}
