package io.pgtrickle.core;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;

import io.pgtrickle.core.PgTrickleSql.Call;

/**
 * One operation's use of one connection: runs statements with bound values, collects the server's
 * notices, resolves unqualified names once, runs local transactions, and translates every
 * {@link SQLException} with the stream table the operation concerns.
 */
final class PgTrickleSession {

	private final Connection connection;

	private final PgTrickleExceptionTranslator translator;

	private final String task;

	private @Nullable StreamTableName streamTable;

	PgTrickleSession(Connection connection, PgTrickleExceptionTranslator translator, String task) {
		this.connection = connection;
		this.translator = translator;
		this.task = task;
	}

	Connection connection() {
		return this.connection;
	}

	void concern(@Nullable StreamTableName streamTable) {
		this.streamTable = streamTable;
	}

	/**
	 * Return the name with its schema, resolving an unqualified one against the connection's
	 * {@code current_schema()}.
	 */
	StreamTableName resolve(StreamTableName name) {
		if (name.isQualified()) {
			return name;
		}
		String schema = queryForObject(Call.of(PgTrickleSql.CURRENT_SCHEMA), (row) -> row.nullableString(1));
		if (schema == null) {
			throw new InvalidStreamTableNameException("Stream table name '" + name + "' has no schema and the "
					+ "connection has no current schema (no schema of its search_path exists); qualify the name "
					+ "as 'schema." + name.name() + "'", name, null);
		}
		try {
			return name.inSchema(schema);
		}
		catch (InvalidStreamTableNameException ex) {
			throw new InvalidStreamTableNameException("Stream table name '" + name + "' has no schema and the "
					+ "connection's current schema '" + schema + "' cannot be expressed to pg_trickle ("
					+ ex.getMessage() + "); qualify the name", name, ex);
		}
	}

	/**
	 * Execute a statement and return the messages of the notices (INFO, NOTICE, WARNING) the server
	 * sent while running it.
	 */
	List<String> execute(Call call) {
		try (PreparedStatement statement = prepare(call)) {
			statement.execute();
			return notices(statement.getWarnings());
		}
		catch (SQLException ex) {
			throw translate(call.sql(), ex);
		}
	}

	<T> List<T> query(Call call, RowReader<T> reader) {
		List<T> results = new ArrayList<>();
		forEachRow(call, (row) -> results.add(reader.read(row)));
		return results;
	}

	/**
	 * Run a query and hand each row to the callback.
	 * @return the number of rows
	 */
	int forEachRow(Call call, RowCallback callback) {
		try (PreparedStatement statement = prepare(call); ResultSet resultSet = statement.executeQuery()) {
			Row row = new Row(resultSet);
			int count = 0;
			while (resultSet.next()) {
				callback.processRow(row);
				count++;
			}
			return count;
		}
		catch (SQLException ex) {
			throw translate(call.sql(), ex);
		}
	}

	<T> @Nullable T queryForObject(Call call, RowReader<T> reader) {
		List<T> results = query(call, reader);
		return results.isEmpty() ? null : results.get(0);
	}

	/**
	 * Run the callback in a transaction: the caller's, when the connection already takes part in
	 * one, else a local transaction on this connection.
	 */
	<T> T inTransaction(SessionCallback<T> callback) {
		if (!autoCommit()) {
			return call(callback);
		}
		try {
			this.connection.setAutoCommit(false);
		}
		catch (SQLException ex) {
			throw translate(null, ex);
		}
		try {
			T result = call(callback);
			this.connection.commit();
			return result;
		}
		catch (SQLException ex) {
			DataAccessException failure = translate(null, ex);
			rollback(failure);
			throw failure;
		}
		catch (RuntimeException | Error ex) {
			rollback(ex);
			throw ex;
		}
		finally {
			try {
				this.connection.setAutoCommit(true);
			}
			catch (SQLException ex) {
				throw translate(null, ex);
			}
		}
	}

	private <T> T call(SessionCallback<T> callback) {
		try {
			return callback.doInSession(this);
		}
		catch (SQLException ex) {
			throw translate(null, ex);
		}
	}

	private void rollback(Throwable failure) {
		try {
			this.connection.rollback();
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	/**
	 * Run the callback so that a failure undoes only its own work: in autocommit mode every
	 * statement is its own transaction already; in a transaction a savepoint fences it off.
	 * @return the callback's result, or {@code null} if it failed with the given exception type,
	 * which is then swallowed
	 */
	<T> @Nullable T fenced(SessionCallback<T> callback, Class<? extends DataAccessException> tolerated) {
		if (autoCommit()) {
			try {
				return call(callback);
			}
			catch (DataAccessException ex) {
				if (tolerated.isInstance(ex)) {
					return null;
				}
				throw ex;
			}
		}
		Savepoint savepoint;
		try {
			savepoint = this.connection.setSavepoint();
		}
		catch (SQLException ex) {
			throw translate(null, ex);
		}
		try {
			T result = call(callback);
			this.connection.releaseSavepoint(savepoint);
			return result;
		}
		catch (DataAccessException ex) {
			rollbackTo(savepoint, ex);
			if (tolerated.isInstance(ex)) {
				return null;
			}
			throw ex;
		}
		catch (SQLException ex) {
			throw translate(null, ex);
		}
	}

	boolean autoCommit() {
		try {
			return this.connection.getAutoCommit();
		}
		catch (SQLException ex) {
			throw translate(null, ex);
		}
	}

	int isolation() {
		try {
			return this.connection.getTransactionIsolation();
		}
		catch (SQLException ex) {
			throw translate(null, ex);
		}
	}

	DataAccessException translate(@Nullable String sql, SQLException ex) {
		DataAccessException translated = this.translator.translate(this.task, sql, ex, this.streamTable);
		return (translated != null) ? translated : new UncategorizedSQLException(this.task, sql, ex);
	}

	private void rollbackTo(Savepoint savepoint, DataAccessException failure) {
		try {
			this.connection.rollback(savepoint);
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	private PreparedStatement prepare(Call call) throws SQLException {
		PreparedStatement statement = this.connection.prepareStatement(call.sql());
		try {
			List<Object> arguments = call.arguments();
			for (int i = 0; i < arguments.size(); i++) {
				bind(statement, i + 1, arguments.get(i));
			}
			return statement;
		}
		catch (SQLException | RuntimeException ex) {
			statement.close();
			throw ex;
		}
	}

	private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
		if (value instanceof String text) {
			statement.setString(index, text);
		}
		else if (value instanceof Boolean flag) {
			statement.setBoolean(index, flag);
		}
		else if (value instanceof Integer number) {
			statement.setInt(index, number);
		}
		else if (value instanceof Long number) {
			statement.setLong(index, number);
		}
		else if (value instanceof Double number) {
			statement.setDouble(index, number);
		}
		else {
			throw new IllegalStateException("Cannot bind a value of type " + value.getClass().getName());
		}
	}

	private static List<String> notices(@Nullable SQLWarning warning) {
		if (warning == null) {
			return Collections.emptyList();
		}
		List<String> messages = new ArrayList<>(2);
		for (SQLWarning current = warning; current != null; current = current.getNextWarning()) {
			String message = current.getMessage();
			if (message != null) {
				messages.add(stripSeverity(message));
			}
		}
		return messages;
	}

	private static String stripSeverity(String message) {
		for (String severity : new String[] { "INFO: ", "NOTICE: ", "WARNING: ", "LOG: ", "DEBUG: " }) {
			if (message.startsWith(severity)) {
				return message.substring(severity.length());
			}
		}
		return message;
	}

	/**
	 * Work done with a session.
	 */
	@FunctionalInterface
	interface SessionCallback<T> {

		T doInSession(PgTrickleSession session) throws SQLException;

	}

	/**
	 * Maps the current row of a result set.
	 */
	@FunctionalInterface
	interface RowReader<T> {

		T read(Row row) throws SQLException;

	}

	/**
	 * Handles the current row of a result set.
	 */
	@FunctionalInterface
	interface RowCallback {

		void processRow(Row row) throws SQLException;

	}

	/**
	 * The current row of a result set, read by column name; the column positions are looked up once
	 * per result set.
	 */
	static final class Row {

		private final ResultSet resultSet;

		private final Map<String, Integer> columns;

		Row(ResultSet resultSet) throws SQLException {
			this.resultSet = resultSet;
			ResultSetMetaData metaData = resultSet.getMetaData();
			int count = metaData.getColumnCount();
			Map<String, Integer> columns = new HashMap<>(count * 2);
			for (int i = count; i >= 1; i--) {
				columns.put(metaData.getColumnLabel(i), i);
			}
			this.columns = columns;
		}

		boolean has(String column) {
			return this.columns.containsKey(column);
		}

		@Nullable String nullableString(int index) throws SQLException {
			return this.resultSet.getString(index);
		}

		@Nullable String nullableString(String column) throws SQLException {
			return this.resultSet.getString(index(column));
		}

		String string(String column) throws SQLException {
			return required(this.resultSet.getString(index(column)), column);
		}

		boolean bool(String column) throws SQLException {
			return this.resultSet.getBoolean(index(column));
		}

		@Nullable Boolean nullableBoolean(String column) throws SQLException {
			boolean value = this.resultSet.getBoolean(index(column));
			return this.resultSet.wasNull() ? null : value;
		}

		int integer(String column) throws SQLException {
			return this.resultSet.getInt(index(column));
		}

		long longValue(String column) throws SQLException {
			return this.resultSet.getLong(index(column));
		}

		@Nullable Long nullableLong(String column) throws SQLException {
			long value = this.resultSet.getLong(index(column));
			return this.resultSet.wasNull() ? null : value;
		}

		@Nullable Double nullableDouble(String column) throws SQLException {
			double value = this.resultSet.getDouble(index(column));
			return this.resultSet.wasNull() ? null : value;
		}

		@Nullable Instant nullableInstant(String column) throws SQLException {
			OffsetDateTime value = this.resultSet.getObject(index(column), OffsetDateTime.class);
			return (value != null) ? value.toInstant() : null;
		}

		Instant instant(String column) throws SQLException {
			return required(nullableInstant(column), column);
		}

		@Nullable List<String> nullableStringList(String column) throws SQLException {
			Array array = this.resultSet.getArray(index(column));
			if (array == null) {
				return null;
			}
			try {
				Object[] values = (Object[]) array.getArray();
				List<String> result = new ArrayList<>(values.length);
				for (Object value : values) {
					if (value != null) {
						result.add(value.toString());
					}
				}
				return result;
			}
			finally {
				array.free();
			}
		}

		private int index(String column) throws SQLException {
			Integer index = this.columns.get(column);
			if (index == null) {
				throw new SQLException("pg_trickle returned no column '" + column + "'; is its version supported?",
						"42703");
			}
			return index;
		}

		private static <T> T required(@Nullable T value, String column) throws SQLException {
			if (value == null) {
				throw new SQLException("pg_trickle returned NULL in column '" + column + "', which it documents as "
						+ "NOT NULL", "22004");
			}
			return value;
		}

	}

}
