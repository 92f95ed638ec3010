package io.pgtrickle.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;

/**
 * A database with many healthy stream tables ({@code public.totals_1} to {@code public.totals_N},
 * schedule one hour) on one connection, and a data source on that connection that records every
 * SQL text it prepares and counts every statement it executes. Shared by the benchmarks that read
 * the status snapshot.
 */
final class StreamTablesFixture implements AutoCloseable {

	private final PgTrickleDatabase database;

	private final SingleConnectionDataSource dataSource;

	private final AtomicLong statements = new AtomicLong();

	private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());

	StreamTablesFixture(String name, int streamTables) throws SQLException {
		this.database = PgTrickleDatabases.create(name);
		this.dataSource = new SingleConnectionDataSource(this.database.dataSource().getConnection(), true);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
		jdbc.execute("INSERT INTO orders SELECT g, g % 3, g FROM generate_series(1, 10) g");
		PgTrickleTemplate template = new PgTrickleTemplate(jdbc);
		for (int first = 1; first <= streamTables; first += 100) {
			List<StreamTableDefinition> definitions = new ArrayList<>();
			for (int i = first; i < first + 100 && i <= streamTables; i++) {
				definitions.add(StreamTableDefinition
					.builder(StreamTableName.of("public", "totals_" + i),
							"SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
					.schedule(Schedule.parse("1h"))
					.build());
			}
			template.createAll(definitions);
		}
	}

	PgTrickleDatabase database() {
		return this.database;
	}

	/**
	 * Return the connection the stream tables were created on, which is not counted.
	 */
	Connection connection() throws SQLException {
		return this.dataSource.getConnection();
	}

	/**
	 * Return a data source on the same connection whose statements are recorded and counted.
	 */
	DataSource countingDataSource() {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, arguments) -> {
					Object result = invoke(this.dataSource, method, arguments);
					return (result instanceof Connection connection) ? countingConnection(connection) : result;
				});
	}

	long statements() {
		return this.statements.get();
	}

	void resetStatements() {
		this.statements.set(0);
	}

	/**
	 * Return the first recorded SQL text that contains the given text.
	 */
	String recorded(String containing) {
		synchronized (this.recorded) {
			return this.recorded.stream()
				.filter((sql) -> sql.contains(containing))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No statement with '" + containing + "' among "
						+ this.recorded));
		}
	}

	/**
	 * Run a query on the uncounted connection and hand every column of every row to the consumer.
	 */
	void readAll(String sql, Consumer<Object> consumer) throws SQLException {
		try (PreparedStatement statement = connection().prepareStatement(sql);
				ResultSet resultSet = statement.executeQuery()) {
			ResultSetMetaData metaData = resultSet.getMetaData();
			int columns = metaData.getColumnCount();
			while (resultSet.next()) {
				for (int i = 1; i <= columns; i++) {
					consumer.accept(resultSet.getObject(i));
				}
			}
		}
	}

	@Override
	public void close() throws Exception {
		this.dataSource.destroy();
		this.database.close();
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
