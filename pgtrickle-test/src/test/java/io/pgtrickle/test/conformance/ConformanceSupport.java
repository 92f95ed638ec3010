package io.pgtrickle.test.conformance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleDatabase;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Plain-JDBC helpers shared by the conformance tests: statements with parameters, single rows and
 * values, server error and notice texts, comparisons of a stream table with its defining query,
 * {@code pg_trickle_alert} notifications and waiting with a deadline.
 */
final class ConformanceSupport {

	/**
	 * How long a test waits for the scheduler at most. The real scheduler of a freshly created
	 * database can take several seconds to start and backs off after failures.
	 */
	static final Duration SCHEDULER_DEADLINE = Duration.ofSeconds(60);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private static final AtomicInteger counter = new AtomicInteger();

	private ConformanceSupport() {
	}

	/**
	 * A name that no other test of the JVM uses, made of lowercase letters, digits and underscores.
	 */
	static String uniqueName(String prefix) {
		return prefix + "_" + counter.incrementAndGet();
	}

	static void execute(DataSource dataSource, String sql, Object... parameters) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			execute(connection, sql, parameters);
		}
	}

	static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql, parameters)) {
			statement.execute();
		}
	}

	/**
	 * Executes a statement and returns the texts of the notices (INFO, NOTICE, WARNING) it raised, in
	 * order.
	 */
	static List<String> executeForNotices(DataSource dataSource, String sql, Object... parameters)
			throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return executeForNotices(connection, sql, parameters);
		}
	}

	static List<String> executeForNotices(Connection connection, String sql, Object... parameters)
			throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql, parameters)) {
			statement.execute();
			List<String> notices = new ArrayList<>();
			for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
				notices.add(noticeText(warning));
			}
			return notices;
		}
	}

	private static String noticeText(SQLWarning warning) {
		if (warning instanceof PSQLWarning psqlWarning && psqlWarning.getServerErrorMessage() != null) {
			return psqlWarning.getServerErrorMessage().getMessage();
		}
		return warning.getMessage();
	}

	/**
	 * The value of the first column of the only row of a query, {@code null} when it is SQL NULL.
	 */
	static <T> T queryValue(DataSource dataSource, Class<T> type, String sql, Object... parameters)
			throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return queryValue(connection, type, sql, parameters);
		}
	}

	static <T> T queryValue(Connection connection, Class<T> type, String sql, Object... parameters)
			throws SQLException {
		List<Map<String, Object>> rows = queryRows(connection, sql, parameters);
		assertThat(rows).as("rows of %s", sql).hasSize(1);
		Object value = rows.get(0).values().iterator().next();
		return (value != null) ? type.cast(value) : null;
	}

	static long queryCount(DataSource dataSource, String sql, Object... parameters) throws SQLException {
		Number count = queryValue(dataSource, Number.class, sql, parameters);
		assertThat(count).as("count of %s", sql).isNotNull();
		return count.longValue();
	}

	/**
	 * The only row of a query, keyed by lowercase column label.
	 */
	static Map<String, Object> queryRow(DataSource dataSource, String sql, Object... parameters) throws SQLException {
		List<Map<String, Object>> rows = queryRows(dataSource, sql, parameters);
		assertThat(rows).as("rows of %s", sql).hasSize(1);
		return rows.get(0);
	}

	static List<Map<String, Object>> queryRows(DataSource dataSource, String sql, Object... parameters)
			throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return queryRows(connection, sql, parameters);
		}
	}

	static List<Map<String, Object>> queryRows(Connection connection, String sql, Object... parameters)
			throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql, parameters);
				ResultSet rs = statement.executeQuery()) {
			ResultSetMetaData metaData = rs.getMetaData();
			List<Map<String, Object>> rows = new ArrayList<>();
			while (rs.next()) {
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= metaData.getColumnCount(); i++) {
					row.put(metaData.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
	}

	static List<String> columnLabels(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			ResultSetMetaData metaData = rs.getMetaData();
			List<String> labels = new ArrayList<>();
			for (int i = 1; i <= metaData.getColumnCount(); i++) {
				labels.add(metaData.getColumnLabel(i));
			}
			return labels;
		}
	}

	private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
			throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		for (int i = 0; i < parameters.length; i++) {
			statement.setObject(i + 1, parameters[i]);
		}
		return statement;
	}

	/**
	 * Runs a statement that must fail and returns the server's error.
	 */
	static ServerErrorMessage serverError(DataSource dataSource, String sql, Object... parameters) {
		try (Connection connection = dataSource.getConnection()) {
			return serverError(connection, sql, parameters);
		}
		catch (SQLException ex) {
			throw new AssertionError("Could not connect: " + ex.getMessage(), ex);
		}
	}

	static ServerErrorMessage serverError(Connection connection, String sql, Object... parameters) {
		try {
			execute(connection, sql, parameters);
		}
		catch (PSQLException ex) {
			ServerErrorMessage error = ex.getServerErrorMessage();
			assertThat(error).as("server error of %s (%s)", sql, ex.getMessage()).isNotNull();
			return error;
		}
		catch (SQLException ex) {
			throw new AssertionError("Expected a server error from " + sql + " but got " + ex, ex);
		}
		return fail("Expected " + sql + " to fail");
	}

	/**
	 * Asserts that a statement fails with the given SQLSTATE and exact primary message.
	 */
	static void assertFails(DataSource dataSource, String sqlState, String message, String sql, Object... parameters) {
		ServerErrorMessage error = serverError(dataSource, sql, parameters);
		assertThat(error.getSQLState()).as("SQLSTATE of %s (message: %s)", sql, error.getMessage())
			.isEqualTo(sqlState);
		assertThat(error.getMessage()).as("message of %s", sql).isEqualTo(message);
	}

	/**
	 * Asserts that a statement fails with the given SQLSTATE and a primary message that starts with the
	 * given text (for messages the contract gives only up to an ellipsis).
	 */
	static void assertFailsStartingWith(DataSource dataSource, String sqlState, String messagePrefix, String sql,
			Object... parameters) {
		ServerErrorMessage error = serverError(dataSource, sql, parameters);
		assertThat(error.getSQLState()).as("SQLSTATE of %s (message: %s)", sql, error.getMessage())
			.isEqualTo(sqlState);
		assertThat(error.getMessage()).as("message of %s", sql).startsWith(messagePrefix);
	}

	static void createStreamTable(DataSource dataSource, String name, String query, String schedule,
			String refreshMode) throws SQLException {
		execute(dataSource, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => ?, "
				+ "refresh_mode => ?)", name, query, schedule, refreshMode);
	}

	static void refresh(DataSource dataSource, String name) throws SQLException {
		execute(dataSource, "SELECT pgtrickle.refresh_stream_table(name => ?)", name);
	}

	/**
	 * The number of rows that are in the stream table but not in the result of the query, plus those
	 * that are in the result but not in the stream table, counting duplicates (EXCEPT ALL both ways).
	 */
	static long differences(DataSource dataSource, String table, String columns, String query) throws SQLException {
		return queryCount(dataSource, "SELECT count(*) FROM ((SELECT " + columns + " FROM " + table
				+ " EXCEPT ALL (" + query + ")) UNION ALL ((" + query + ") EXCEPT ALL SELECT " + columns + " FROM "
				+ table + ")) AS differences");
	}

	static void assertContentMatchesQuery(DataSource dataSource, String table, String columns, String query)
			throws SQLException {
		assertThat(differences(dataSource, table, columns, query))
			.as("rows of %s differing from %s", table, query)
			.isZero();
	}

	/**
	 * The catalog row of a stream table, or an empty map when there is none.
	 */
	static Map<String, Object> catalogRow(DataSource dataSource, String schema, String name) throws SQLException {
		List<Map<String, Object>> rows = queryRows(dataSource,
				"SELECT * FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = ? AND pgt_name = ?", schema, name);
		return rows.isEmpty() ? Collections.emptyMap() : rows.get(0);
	}

	static String status(DataSource dataSource, String schema, String name) throws SQLException {
		return queryValue(dataSource, String.class,
				"SELECT status FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = ? AND pgt_name = ?", schema, name);
	}

	static boolean relationExists(DataSource dataSource, String qualifiedName) throws SQLException {
		return queryValue(dataSource, Boolean.class, "SELECT to_regclass(?) IS NOT NULL", qualifiedName);
	}

	/**
	 * The history rows of a stream table, newest first, read from {@code pgt_refresh_history} by
	 * column name.
	 */
	static List<Map<String, Object>> history(DataSource dataSource, String schema, String name) throws SQLException {
		return queryRows(dataSource, "SELECT h.refresh_id, h.action, h.status, h.initiated_by, h.rows_inserted, "
				+ "h.rows_deleted, h.start_time, h.end_time, h.error_message FROM pgtrickle.pgt_refresh_history h "
				+ "JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = h.pgt_id "
				+ "WHERE st.pgt_schema = ? AND st.pgt_name = ? ORDER BY h.refresh_id DESC", schema, name);
	}

	/**
	 * Polls a condition until it holds, failing when the deadline passes first.
	 */
	static void awaitCondition(Duration deadline, String description, Callable<Boolean> condition) throws Exception {
		long end = System.nanoTime() + deadline.toNanos();
		while (true) {
			if (Boolean.TRUE.equals(condition.call())) {
				return;
			}
			if (System.nanoTime() > end) {
				fail("Timed out after " + deadline.toSeconds() + " s waiting until " + description);
			}
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
	}

	/**
	 * Polls a condition for the whole of a duration, failing as soon as it does not hold.
	 */
	static void assertHoldsFor(Duration duration, String description, Callable<Boolean> condition) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			assertThat(condition.call()).as(description).isTrue();
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		assertThat(condition.call()).as(description).isTrue();
	}

	/**
	 * Whether the installed extension's version is at least the given one, comparing numerically.
	 */
	static boolean versionAtLeast(PgTrickleDatabase database, String version) {
		return compareVersions(database.extensionVersion(), version) >= 0;
	}

	static int compareVersions(String left, String right) {
		String[] l = left.split("\\.");
		String[] r = right.split("\\.");
		for (int i = 0; i < Math.max(l.length, r.length); i++) {
			int a = (i < l.length) ? Integer.parseInt(l[i].replaceAll("\\D.*", "")) : 0;
			int b = (i < r.length) ? Integer.parseInt(r[i].replaceAll("\\D.*", "")) : 0;
			if (a != b) {
				return Integer.compare(a, b);
			}
		}
		return 0;
	}

	/**
	 * Opens a connection in autocommit mode that listens on {@code pg_trickle_alert}.
	 */
	static Connection listenForAlerts(DataSource dataSource) throws SQLException {
		Connection connection = dataSource.getConnection();
		connection.setAutoCommit(true);
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN pg_trickle_alert");
		}
		return connection;
	}

	/**
	 * Receives {@code pg_trickle_alert} notifications on a listening connection until one matches,
	 * failing when the deadline passes first.
	 */
	static Alert awaitAlert(Connection listener, Duration deadline, String description, Predicate<Alert> matcher)
			throws SQLException {
		List<Alert> seen = new ArrayList<>();
		long end = System.nanoTime() + deadline.toNanos();
		while (System.nanoTime() < end) {
			for (Alert alert : receiveAlerts(listener, Duration.ofNanos(Math.max(end - System.nanoTime(), 1_000_000)))) {
				if (matcher.test(alert)) {
					return alert;
				}
				seen.add(alert);
			}
		}
		return fail("No pg_trickle_alert notification " + description + " within " + deadline.toSeconds()
				+ " s; received " + seen.size() + ": " + seen.stream().map(Alert::payload).limit(20).toList());
	}

	/**
	 * All {@code pg_trickle_alert} notifications received on a listening connection within the given
	 * time.
	 */
	static List<Alert> collectAlerts(Connection listener, Duration duration) throws SQLException {
		List<Alert> alerts = new ArrayList<>();
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			alerts.addAll(receiveAlerts(listener, Duration.ofNanos(Math.max(end - System.nanoTime(), 1_000_000))));
		}
		return alerts;
	}

	private static List<Alert> receiveAlerts(Connection listener, Duration timeout) throws SQLException {
		int millis = (int) Math.max(1, Math.min(timeout.toMillis(), 500));
		PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(millis);
		List<Alert> alerts = new ArrayList<>();
		if (notifications != null) {
			for (PGNotification notification : notifications) {
				if ("pg_trickle_alert".equals(notification.getName())) {
					alerts.add(parseAlert(listener, notification.getParameter()));
				}
			}
		}
		return alerts;
	}

	/**
	 * Parses a JSON payload with the server (the test classpath has no JSON library): each top-level
	 * key with its value as text and its {@code jsonb_typeof}.
	 */
	private static Alert parseAlert(Connection connection, String payload) throws SQLException {
		Map<String, String> values = new LinkedHashMap<>();
		Map<String, String> types = new LinkedHashMap<>();
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT key, value #>> '{}', jsonb_typeof(value) FROM jsonb_each(CAST(? AS jsonb))")) {
			statement.setString(1, payload);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					values.put(rs.getString(1), rs.getString(2));
					types.put(rs.getString(1), rs.getString(3));
				}
			}
		}
		return new Alert(payload, values, types);
	}

	/**
	 * A {@code pg_trickle_alert} notification: its payload, and each key's value (as text) and JSON type.
	 */
	record Alert(String payload, Map<String, String> values, Map<String, String> types) {

		String event() {
			return this.values.get("event");
		}

		String st() {
			return this.values.get("st");
		}

		boolean is(String event, String st) {
			return event.equals(event()) && st.equals(st());
		}

	}

}
