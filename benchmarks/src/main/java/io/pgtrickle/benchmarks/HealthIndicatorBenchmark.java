package io.pgtrickle.benchmarks;

import java.lang.reflect.InvocationTargetException;
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

import io.pgtrickle.autoconfigure.health.PgTrickleHealthIndicator;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableName;
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
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

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
	 * A database with 1,000 healthy stream tables, and an indicator whose statements are counted.
	 */
	@State(Scope.Benchmark)
	public static class HealthState {

		static final int STREAM_TABLES = 1000;

		PgTrickleDatabase database;

		SingleConnectionDataSource dataSource;

		Connection connection;

		PgTrickleHealthIndicator indicator;

		final AtomicLong statements = new AtomicLong();

		final List<String> recorded = new ArrayList<>();

		long checks;

		String snapshotSql;

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			this.database = PgTrickleDatabases.create("health_benchmark");
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
			this.indicator = new PgTrickleHealthIndicator(counting(this.dataSource));
			this.indicator.setCacheTimeToLive(Duration.ZERO);
			this.indicator.setTimeout(Duration.ofSeconds(30));
			long start = System.nanoTime();
			Health first = this.indicator.health();
			long firstMillis = (System.nanoTime() - start) / 1_000_000;
			if (first.getStatus() != Status.UP || !first.getDetails().get("total").equals(STREAM_TABLES)) {
				throw new IllegalStateException("Expected UP with " + STREAM_TABLES + " stream tables: " + first);
			}
			this.snapshotSql = this.recorded.stream()
				.filter((sql) -> sql.contains("pg_stat_stream_tables"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No snapshot query among " + this.recorded));
			System.out.println("First health check (also checks the scheduler) took " + firstMillis + " ms, "
					+ this.statements.get() + " statements: "
					+ this.recorded.stream().map(HealthState::firstLine).toList());
			this.statements.set(0);
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			if (this.checks > 0) {
				System.out.printf("%nHealth checks: %d, statements executed: %d, statements per check: %.4f%n",
						this.checks, this.statements.get(), (double) this.statements.get() / this.checks);
			}
			this.dataSource.destroy();
			this.database.close();
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
						if (method.getName().startsWith("prepare") && arguments != null && arguments[0] instanceof String sql) {
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

		private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments)
				throws Throwable {
			try {
				return method.invoke(target, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

		private static String firstLine(String sql) {
			String trimmed = sql.strip();
			int newline = trimmed.indexOf('\n');
			return (newline > 0) ? trimmed.substring(0, newline) + " ..." : trimmed;
		}

	}

}
