package io.pgtrickle.benchmarks;

import java.util.concurrent.TimeUnit;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;
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

/**
 * What the embedded backend costs a test suite: starting PostgreSQL 18 with the emulation once per
 * JVM, and handing a test class a fresh database.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EmbeddedBackendBenchmark
 * </pre>
 */
public class EmbeddedBackendBenchmark {

	private static final String EMBEDDED = "-Dpgtrickle.test.backend=embedded";

	/**
	 * Start-up of the embedded backend in a fresh JVM (binaries already unpacked by an earlier run),
	 * including the emulation's installation and the first database.
	 * @return the database, closed by the JVM's exit
	 */
	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Fork(value = 5, jvmArgsAppend = EMBEDDED)
	@Warmup(iterations = 0)
	@Measurement(iterations = 1)
	public PgTrickleDatabase startup() {
		return PgTrickleDatabases.create("startup");
	}

	/**
	 * Handing a test class a fresh database once the backend runs. Between two calls the state waits
	 * half a second, unmeasured, as a stand-in for the test class that used the database: the
	 * backend clones the template in the background meanwhile, as it does in a real test suite.
	 * @param databases the databases to drop after each call
	 * @return the database
	 */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Fork(value = 1, jvmArgsAppend = EMBEDDED)
	@Warmup(iterations = 2, time = 2)
	@Measurement(iterations = 5, time = 4)
	public PgTrickleDatabase freshDatabase(Databases databases) {
		return databases.track(PgTrickleDatabases.create("fresh"));
	}

	/**
	 * Drops the databases {@link #freshDatabase} created, outside the measured time.
	 */
	@State(Scope.Thread)
	public static class Databases {

		private PgTrickleDatabase last;

		@Setup(Level.Trial)
		public void start() {
			PgTrickleDatabases.selectedBackend();
		}

		PgTrickleDatabase track(PgTrickleDatabase database) {
			this.last = database;
			return database;
		}

		@TearDown(Level.Invocation)
		public void drop() throws Exception {
			if (this.last != null) {
				this.last.close();
				this.last = null;
			}
			Thread.sleep(500);
		}

	}

}
