package io.pgtrickle.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StatusSnapshotCache;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.micrometer.PgTrickleMetrics;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;

/**
 * What a Prometheus scrape of pg_trickle's meters costs with 1,000 stream tables, against the same
 * status snapshot query sent through plain JDBC on the same connection, reading every column. The
 * snapshot cache is invalidated before every scrape, so every scrape queries the database. Every
 * statement is counted; at the end of the trial the count per scrape is printed, and during
 * set-up the heap the meters take per stream table. Targets: exactly one round trip per scrape,
 * and a scrape at most 1.5 times the raw query.
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
		try (PreparedStatement statement = state.connection.prepareStatement(state.snapshotSql);
				ResultSet resultSet = statement.executeQuery()) {
			ResultSetMetaData metaData = resultSet.getMetaData();
			int columns = metaData.getColumnCount();
			while (resultSet.next()) {
				for (int i = 1; i <= columns; i++) {
					blackhole.consume(resultSet.getObject(i));
				}
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

		PgTrickleDatabase database;

		SingleConnectionDataSource dataSource;

		Connection connection;

		StatusSnapshotCache cache;

		PrometheusMeterRegistry registry;

		final AtomicLong statements = new AtomicLong();

		final List<String> recorded = new ArrayList<>();

		long scrapes;

		String snapshotSql;

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			this.database = PgTrickleDatabases.create("scrape_benchmark");
			this.dataSource = new SingleConnectionDataSource(this.database.dataSource().getConnection(), true);
			this.connection = this.dataSource.getConnection();
			JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
			jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
			jdbc.execute("INSERT INTO orders SELECT g, g % 3, g FROM generate_series(1, 10) g");
			PgTrickleTemplate template = new PgTrickleTemplate(jdbc);
			for (int batch = 0; batch < STREAM_TABLES / 100; batch++) {
				List<StreamTableDefinition> definitions = new ArrayList<>();
				for (int i = 1; i <= 100; i++) {
					definitions.add(StreamTableDefinition
						.builder(StreamTableName.of("public", "totals_" + (batch * 100 + i)),
								"SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
						.schedule(Schedule.parse("1h"))
						.build());
				}
				template.createAll(definitions);
			}
			this.cache = new StatusSnapshotCache(new PgTrickleTemplate(counting(this.dataSource)),
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
			this.snapshotSql = this.recorded.stream()
				.filter((sql) -> sql.contains("pg_stat_stream_tables"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No snapshot query among " + this.recorded));
			System.out.printf("%nMeters: %d, scrape size: %d bytes, heap of registry, meters and snapshot: %d bytes,"
					+ " %.0f bytes per stream table%n", this.registry.getMeters().size(), first.length(),
					after - before, (double) (after - before) / STREAM_TABLES);
			this.statements.set(0);
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			if (this.scrapes > 0) {
				System.out.printf("%nScrapes: %d, statements executed: %d, statements per scrape: %.4f%n",
						this.scrapes, this.statements.get(), (double) this.statements.get() / this.scrapes);
			}
			this.registry.close();
			this.dataSource.destroy();
			this.database.close();
		}

		private static long usedHeapAfterGc(MemoryMXBean memory) {
			for (int i = 0; i < 3; i++) {
				System.gc();
			}
			return memory.getHeapMemoryUsage().getUsed();
		}

		private DataSource counting(DataSource target) {
			return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
					(proxy, method, arguments) -> {
						Object result = invoke(target, method, arguments);
						return (result instanceof Connection connection) ? countingConnection(connection) : result;
					});
		}

		private Connection countingConnection(Connection target) {
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, arguments) -> {
						if (method.getName().startsWith("prepare") && arguments != null
								&& arguments[0] instanceof String sql) {
							this.recorded.add(sql);
						}
						Object result = invoke(target, method, arguments);
						if (result instanceof PreparedStatement statement) {
							return countingStatement(statement, PreparedStatement.class);
						}
						if (result instanceof Statement statement) {
							return countingStatement(statement, Statement.class);
						}
						return result;
					});
		}

		private <S extends Statement> S countingStatement(S target, Class<S> type) {
			return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type },
					(proxy, method, arguments) -> {
						if (method.getName().startsWith("execute")) {
							this.statements.incrementAndGet();
						}
						return invoke(target, method, arguments);
					}));
		}

		private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
			try {
				return method.invoke(target, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
