package io.pgtrickle.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StatusSnapshot;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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

/**
 * What {@link PgTrickleTemplate} costs over the same SQL sent through plain JDBC: a refresh of a
 * small stream table, and the status snapshot of 1,000 stream tables. The raw JDBC variants run the
 * very statements the template sends (recorded from it during set-up) and read what the template
 * reads: the notices of a refresh, every column of the snapshot.
 * <p>
 * Each pair runs as a JMH group: the template and raw JDBC run at the same time, one thread each,
 * each on its own connection to the same database (and, for the refresh, on its own copy of the
 * stream table). Both therefore meet the same load on the machine, and the ratio of their scores
 * stays meaningful on a shared machine where the absolute times are not. Target: the template at
 * most 1.05 times raw JDBC.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PgTrickleTemplateBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dpgtrickle.test.backend=embedded")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class PgTrickleTemplateBenchmark {

	/**
	 * {@code PgTrickleTemplate.refresh} of a stream table over ten rows.
	 * @param state the database
	 * @return the result
	 */
	@Benchmark
	@Group("refresh")
	@GroupThreads(1)
	public RefreshResult refreshTemplate(RefreshState state) {
		return state.template.refresh(RefreshState.TEMPLATE_TABLE);
	}

	/**
	 * The template's refresh statement through JDBC, reading the notices as the template does.
	 * @param state the database
	 * @return whether pg_trickle skipped the refresh
	 * @throws SQLException on failure
	 */
	@Benchmark
	@Group("refresh")
	@GroupThreads(1)
	public boolean refreshJdbc(RefreshState state) throws SQLException {
		try (PreparedStatement statement = state.jdbcConnection.prepareStatement(state.sql)) {
			statement.setString(1, RefreshState.JDBC_TABLE.toString());
			statement.execute();
			for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
				if (warning.getMessage().startsWith("refresh skipped")) {
					return true;
				}
			}
			return false;
		}
	}

	/**
	 * {@code PgTrickleTemplate.statusSnapshot} of 1,000 stream tables.
	 * @param state the database
	 * @return the snapshot
	 */
	@Benchmark
	@Group("statusSnapshot")
	@GroupThreads(1)
	public StatusSnapshot statusSnapshotTemplate(SnapshotState state) {
		return state.template.statusSnapshot();
	}

	/**
	 * The template's snapshot query through JDBC, reading every column of every row.
	 * @param state the database
	 * @param blackhole consumes the values
	 * @throws SQLException on failure
	 */
	@Benchmark
	@Group("statusSnapshot")
	@GroupThreads(1)
	public void statusSnapshotJdbc(SnapshotState state, Blackhole blackhole) throws SQLException {
		try (PreparedStatement statement = state.jdbcConnection.prepareStatement(state.sql);
				ResultSet resultSet = statement.executeQuery()) {
			ResultSetMetaData metaData = resultSet.getMetaData();
			int columns = metaData.getColumnCount();
			int[] types = new int[columns + 1];
			for (int i = 1; i <= columns; i++) {
				types[i] = metaData.getColumnType(i);
			}
			while (resultSet.next()) {
				for (int i = 1; i <= columns; i++) {
					blackhole.consume(read(resultSet, i, types[i]));
				}
			}
		}
	}

	private static Object read(ResultSet resultSet, int column, int type) throws SQLException {
		return switch (type) {
			case Types.BIT, Types.BOOLEAN -> resultSet.getBoolean(column);
			case Types.INTEGER -> resultSet.getInt(column);
			case Types.BIGINT -> resultSet.getLong(column);
			case Types.DOUBLE, Types.NUMERIC -> resultSet.getDouble(column);
			case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> String.valueOf(resultSet.getObject(column, OffsetDateTime.class));
			case Types.ARRAY -> {
				Array array = resultSet.getArray(column);
				yield (array != null) ? array.getArray() : "";
			}
			default -> String.valueOf(resultSet.getString(column));
		};
	}

	/**
	 * A database with two identical small stream tables, one for each variant, and a connection
	 * for each variant.
	 */
	@State(Scope.Group)
	public static class RefreshState {

		static final StreamTableName TEMPLATE_TABLE = StreamTableName.of("public.order_totals");

		static final StreamTableName JDBC_TABLE = StreamTableName.of("public.order_totals_jdbc");

		PgTrickleDatabase database;

		SingleConnectionDataSource templateDataSource;

		Connection jdbcConnection;

		PgTrickleTemplate template;

		String sql;

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			this.database = createDatabase("template_refresh");
			this.templateDataSource = new SingleConnectionDataSource(this.database.dataSource().getConnection(), true);
			this.jdbcConnection = this.database.dataSource().getConnection();
			JdbcTemplate jdbc = new JdbcTemplate(this.templateDataSource);
			jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
			jdbc.execute("INSERT INTO orders SELECT g, g % 3, g FROM generate_series(1, 10) g");
			this.template = new PgTrickleTemplate(jdbc);
			for (StreamTableName name : List.of(TEMPLATE_TABLE, JDBC_TABLE)) {
				this.template.create(StreamTableDefinition
					.builder(name, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
					.schedule(Schedule.parse("1h"))
					.build());
			}
			this.sql = recordStatement(this.jdbcConnection,
					(recording) -> new PgTrickleTemplate(recording).refresh(JDBC_TABLE));
		}

		/**
		 * Empty the refresh history, which every refresh adds to, so that each iteration starts
		 * alike.
		 */
		@Setup(Level.Iteration)
		public void pruneHistory() throws SQLException {
			try (Statement statement = this.jdbcConnection.createStatement()) {
				statement.execute("TRUNCATE pgtrickle.pgt_refresh_history");
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			this.templateDataSource.destroy();
			this.jdbcConnection.close();
			this.database.close();
		}

	}

	/**
	 * A database with 1,000 stream tables, and a connection for each variant.
	 */
	@State(Scope.Group)
	public static class SnapshotState {

		static final int STREAM_TABLES = 1000;

		PgTrickleDatabase database;

		SingleConnectionDataSource templateDataSource;

		Connection jdbcConnection;

		PgTrickleTemplate template;

		String sql;

		@Setup(Level.Trial)
		public void setUp() throws SQLException {
			this.database = createDatabase("template_snapshot");
			this.templateDataSource = new SingleConnectionDataSource(this.database.dataSource().getConnection(), true);
			this.jdbcConnection = this.database.dataSource().getConnection();
			JdbcTemplate jdbc = new JdbcTemplate(this.templateDataSource);
			jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
			jdbc.execute("INSERT INTO orders SELECT g, g % 3, g FROM generate_series(1, 10) g");
			this.template = new PgTrickleTemplate(jdbc);
			for (int batch = 0; batch < STREAM_TABLES / 100; batch++) {
				List<StreamTableDefinition> definitions = new ArrayList<>();
				for (int i = 1; i <= 100; i++) {
					definitions.add(StreamTableDefinition
						.builder(StreamTableName.of("public", "totals_" + (batch * 100 + i)),
								"SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
						.schedule(Schedule.parse("1h"))
						.build());
				}
				this.template.createAll(definitions);
			}
			if (this.template.statusSnapshot().streamTables().size() != STREAM_TABLES) {
				throw new IllegalStateException("Expected " + STREAM_TABLES + " stream tables");
			}
			this.sql = recordStatement(this.jdbcConnection,
					(recording) -> new PgTrickleTemplate(recording).statusSnapshot());
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			this.templateDataSource.destroy();
			this.jdbcConnection.close();
			this.database.close();
		}

	}

	/**
	 * Create a database whose scheduler stays idle, so that only the benchmark uses it: the setting
	 * applies to new sessions, so the embedded backend's scheduler session is ended and reconnects.
	 */
	static PgTrickleDatabase createDatabase(String name) throws SQLException {
		PgTrickleDatabase database = PgTrickleDatabases.create(name);
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DO $$ BEGIN EXECUTE pg_catalog.format("
					+ "'ALTER DATABASE %I SET pg_trickle.enabled = off', pg_catalog.current_database()); END $$");
			statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND application_name = 'pg_trickle scheduler'");
		}
		return database;
	}

	/**
	 * Return the SQL of the last statement the action prepares on the connection.
	 */
	static String recordStatement(Connection connection, TemplateAction action) {
		List<String> statements = new ArrayList<>();
		Connection recording = (Connection) Proxy.newProxyInstance(PgTrickleTemplateBenchmark.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("prepareStatement")) {
						statements.add((String) arguments[0]);
					}
					if (method.getName().equals("close")) {
						return null;
					}
					try {
						return method.invoke(connection, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		action.run(new SingleConnectionDataSource(recording, true));
		return statements.get(statements.size() - 1);
	}

	@FunctionalInterface
	interface TemplateAction {

		void run(DataSource dataSource);

	}

}
