package io.pgtrickle.flyway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.util.ClassUtils;

import io.pgtrickle.core.PgTrickleException;
import io.pgtrickle.core.PgTrickleTemplate;

/**
 * Base class of the Flyway Java migrations that work on stream tables. It runs the migration
 * through a {@link PgTrickleTemplate} on the connection Flyway hands it, so the work takes part in
 * Flyway's transaction and never touches the application's beans or its {@code DataSource}. Its
 * {@linkplain #getChecksum() checksum} covers everything the migration sends, including the
 * content of the definition files it reads with {@link #queryFile(String, int)}; so editing an
 * applied migration makes {@code flyway validate} fail, as it does for SQL migrations. Version
 * and description come from the class name, as for every
 * {@link BaseJavaMigration} ({@code V3__create_order_totals}).
 * <p>
 * Extend one of {@link CreateStreamTableMigration}, {@link AlterStreamTableMigration},
 * {@link DropStreamTableMigration}, {@link CreateOrReplaceStreamTableMigration} or
 * {@link AlterSourceTableMigration}. Failures name the migration, the stream table or definition
 * file, and the database's message: a {@link StreamTableMigrationException} when the migration
 * cannot be resolved (a missing file, an invalid definition), and, while migrating, an
 * {@link SQLException} whose cause is a {@code StreamTableMigrationException}, so that Flyway shows
 * the message itself.
 */
public abstract class StreamTableMigration extends BaseJavaMigration {

	/**
	 * The default classpath location of definition files.
	 */
	public static final String DEFAULT_DEFINITION_LOCATION = "db/stream-tables";

	private static final Pattern DEFINITION_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

	private @Nullable List<String> filesRead;

	StreamTableMigration() {
	}

	/**
	 * Return the checksum of what this migration does: the stream table, every option it sets and
	 * the text of its queries, including those read from definition files.
	 * @return the checksum
	 * @throws StreamTableMigrationException if the migration cannot be resolved, for example
	 * because a definition file is missing
	 */
	@Override
	public final Integer getChecksum() {
		return plan().step().checksum();
	}

	/**
	 * Apply this migration on Flyway's connection, in Flyway's transaction.
	 * @param context the context Flyway provides
	 * @throws SQLException if the migration fails: its message names the migration, the stream
	 * table or file, and the database's message, its SQLSTATE is the database's, and its cause is a
	 * {@link StreamTableMigrationException}. (Flyway reports the message of an
	 * {@code SQLException}, while it reports any other failure of a Java migration as "Migration
	 * failed !".)
	 * @throws StreamTableMigrationException if the migration cannot be resolved
	 */
	@Override
	public final void migrate(Context context) throws SQLException {
		Plan plan = plan();
		PgTrickleTemplate template = template(context.getConnection());
		try {
			plan.step().action().apply(template);
		}
		catch (RuntimeException ex) {
			StreamTableMigrationException failure = failure(plan, ex);
			SQLException cause = sqlException(ex);
			throw new SQLException(failure.getMessage(), (cause != null) ? cause.getSQLState() : null, failure);
		}
	}

	/**
	 * Return the defining query kept in version {@code version} of the definition file for
	 * {@code name}: {@code <definitionLocation>/<name>_v<NN>.sql} on the classpath, for example
	 * {@code db/stream-tables/order_totals_v02.sql}. The file holds one {@code SELECT}; leading and
	 * trailing whitespace and a final semicolon are removed. Keep the files of applied migrations:
	 * Flyway validates their content.
	 * @param name the name of the definition, usually the stream table's name without schema
	 * @param version the version, {@code 1} or more
	 * @return the query
	 * @throws StreamTableMigrationException if the name or version is invalid, or the file is
	 * missing, unreadable or empty
	 */
	protected final String queryFile(String name, int version) {
		String path = definitionPath(name, version);
		String content = read(path);
		String query = MigrationChecksum.normalize(content).strip();
		if (query.endsWith(";")) {
			query = query.substring(0, query.length() - 1).stripTrailing();
		}
		if (query.isEmpty()) {
			throw new StreamTableMigrationException("Migration " + migrationName() + ": definition file " + path
					+ " is empty; write the stream table's defining query (one SELECT) in it", null);
		}
		synchronized (this) {
			if (this.filesRead != null) {
				this.filesRead.add(path);
			}
		}
		return query;
	}

	/**
	 * Return the classpath location of this migration's definition files. Override to keep them
	 * elsewhere.
	 * @return the location, by default {@value #DEFAULT_DEFINITION_LOCATION}
	 */
	protected String definitionLocation() {
		return DEFAULT_DEFINITION_LOCATION;
	}

	/**
	 * Return what this migration does, calling the subclass's definition methods.
	 */
	abstract Step step();

	/**
	 * Return the name of this migration as Flyway shows it: the simple name of its class.
	 */
	final String migrationName() {
		return ClassUtils.getUserClass(getClass()).getSimpleName();
	}

	private synchronized Plan plan() {
		this.filesRead = new ArrayList<>();
		try {
			Step step = step();
			return new Plan(step, List.copyOf(this.filesRead));
		}
		catch (StreamTableMigrationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new StreamTableMigrationException("Migration " + migrationName() + " has an invalid definition: "
					+ ex.getMessage(), ex);
		}
		finally {
			this.filesRead = null;
		}
	}

	private String definitionPath(String name, int version) {
		if (name == null || !DEFINITION_NAME.matcher(name).matches() || name.contains("..")) {
			throw new StreamTableMigrationException("Migration " + migrationName() + ": definition name '" + name
					+ "' is invalid; use letters, digits, '_', '.' and '-', as in 'order_totals'", null);
		}
		if (version < 1) {
			throw new StreamTableMigrationException("Migration " + migrationName() + ": version " + version
					+ " of definition '" + name + "' is invalid; versions start at 1", null);
		}
		String location = definitionLocation();
		if (location.startsWith("classpath:")) {
			location = location.substring("classpath:".length());
		}
		while (location.startsWith("/")) {
			location = location.substring(1);
		}
		while (location.endsWith("/")) {
			location = location.substring(0, location.length() - 1);
		}
		String file = String.format("%s_v%02d.sql", name, version);
		return location.isEmpty() ? file : location + "/" + file;
	}

	private String read(String path) {
		ClassLoader classLoader = ClassUtils.getUserClass(getClass()).getClassLoader();
		if (classLoader == null) {
			classLoader = ClassUtils.getDefaultClassLoader();
		}
		InputStream stream = (classLoader != null) ? classLoader.getResourceAsStream(path)
				: ClassLoader.getSystemResourceAsStream(path);
		if (stream == null) {
			throw new StreamTableMigrationException("Migration " + migrationName() + ": definition file " + path
					+ " was not found on the classpath; add it, and keep the definition files of applied "
					+ "migrations, which Flyway validates", null);
		}
		try (stream) {
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new StreamTableMigrationException("Migration " + migrationName() + ": definition file " + path
					+ " could not be read: " + ex.getMessage(), ex);
		}
	}

	private StreamTableMigrationException failure(Plan plan, RuntimeException ex) {
		StringBuilder message = new StringBuilder("Migration ").append(migrationName())
			.append(" could not ")
			.append(plan.step().description());
		if (!plan.files().isEmpty()) {
			message.append(" (").append((plan.files().size() == 1) ? "query from " : "queries from ");
			message.append(String.join(", ", plan.files())).append(')');
		}
		// A StreamTableMigrationException from the action carries a described failure
		boolean described = ex instanceof StreamTableMigrationException;
		message.append(": ").append(described ? ex.getMessage() : describe(ex));
		Throwable cause = (described && ex.getCause() != null) ? ex.getCause() : ex;
		return new StreamTableMigrationException(message.toString(), cause);
	}

	/**
	 * Describe a failure: the message of a {@link PgTrickleException}, which names the stream
	 * table and the next step, followed by the database's message; for other failures, the
	 * database's message alone (Spring's generic messages only repeat the SQL that was sent).
	 */
	static String describe(Throwable ex) {
		SQLException sqlException = sqlException(ex);
		if (sqlException == null) {
			return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName();
		}
		String server = firstLine(sqlException.getMessage());
		String state = sqlException.getSQLState();
		String reported = (state != null) ? server + " (SQLSTATE " + state + ")" : server;
		if (ex instanceof PgTrickleException && ex.getMessage() != null) {
			return ex.getMessage().contains(server) ? ex.getMessage()
					: ex.getMessage() + "; the database reported: " + reported;
		}
		return reported;
	}

	private static @Nullable SQLException sqlException(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof SQLException sqlException && sqlException.getMessage() != null) {
				return sqlException;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

	/**
	 * Return the first line of a server message, without pgjdbc's severity prefix.
	 */
	private static String firstLine(String message) {
		int newline = message.indexOf('\n');
		String first = ((newline >= 0) ? message.substring(0, newline) : message).strip();
		for (String severity : new String[] { "ERROR: ", "FATAL: " }) {
			if (first.startsWith(severity)) {
				return first.substring(severity.length());
			}
		}
		return first;
	}

	/**
	 * Return a template that works on the given connection and never closes it.
	 */
	static PgTrickleTemplate template(Connection connection) {
		return new PgTrickleTemplate(new SingleConnectionDataSource(connection, true));
	}

	/**
	 * What a migration does: a description for messages ({@code create stream table s.t}), the
	 * checksum of everything it sends, and the action.
	 */
	record Step(String description, int checksum, Action action) {

	}

	/**
	 * The work of a migration, on a template bound to Flyway's connection.
	 */
	@FunctionalInterface
	interface Action {

		void apply(PgTrickleTemplate template);

	}

	private record Plan(Step step, List<String> files) {

	}

}
