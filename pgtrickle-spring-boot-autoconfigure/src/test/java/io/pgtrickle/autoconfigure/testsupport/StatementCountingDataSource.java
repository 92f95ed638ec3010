package io.pgtrickle.autoconfigure.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A {@link DataSource} that records the SQL of every statement executed through its connections:
 * each execution is one round trip to the database.
 */
public class StatementCountingDataSource extends DelegatingDataSource {

	private final List<String> executed = new CopyOnWriteArrayList<>();

	/**
	 * Create a new instance.
	 * @param target the data source to count the statements of
	 */
	public StatementCountingDataSource(DataSource target) {
		super(target);
	}

	/**
	 * Return the SQL of the statements executed so far, in order.
	 * @return the statements
	 */
	public List<String> executed() {
		return List.copyOf(this.executed);
	}

	/**
	 * Forget the statements executed so far.
	 */
	public void reset() {
		this.executed.clear();
	}

	@Override
	public Connection getConnection() throws SQLException {
		Connection connection = super.getConnection();
		return proxy(Connection.class, connection, (method, arguments, result) -> {
			if (result instanceof Statement statement) {
				String sql = (arguments != null && arguments.length > 0 && arguments[0] instanceof String text) ? text
						: null;
				return statementProxy(statement, sql);
			}
			return result;
		});
	}

	private Object statementProxy(Statement statement, String preparedSql) {
		Class<?> type = (statement instanceof PreparedStatement) ? PreparedStatement.class : Statement.class;
		return proxy(type, statement, (method, arguments, result) -> result, (method, arguments) -> {
			if (method.getName().startsWith("execute")) {
				this.executed.add((preparedSql != null) ? preparedSql : String.valueOf(arguments[0]));
			}
		});
	}

	private static <T> T proxy(Class<T> type, Object target, ResultMapper mapper) {
		return proxy(type, target, mapper, (method, arguments) -> {
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, Object target, ResultMapper mapper, Listener listener) {
		return (T) Proxy.newProxyInstance(StatementCountingDataSource.class.getClassLoader(), new Class<?>[] { type },
				(proxy, method, arguments) -> {
					listener.before(method, arguments);
					try {
						return mapper.map(method, arguments, method.invoke(target, arguments));
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	@FunctionalInterface
	private interface ResultMapper {

		Object map(Method method, Object[] arguments, Object result) throws Exception;

	}

	@FunctionalInterface
	private interface Listener {

		void before(Method method, Object[] arguments);

	}

}
