package io.pgtrickle.core;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * An {@link SQLExceptionTranslator} that recognizes pg_trickle's errors by SQLSTATE and message
 * and turns them into the {@link PgTrickleException} hierarchy, and leaves every other error to a
 * fallback translator (Spring's {@link SQLExceptionSubclassTranslator} by default). Messages name
 * the stream table and, where there is one, the next step; the driver's exception is the cause.
 * <p>
 * Besides {@link PgTrickleTemplate}, code that runs its own SQL against stream tables can use it,
 * for example to turn pg_trickle's guard against writes into a {@link StreamTableReadOnlyException}:
 * <pre class="code">
 * jdbcTemplate.setExceptionTranslator(new PgTrickleExceptionTranslator(jdbcTemplate.getExceptionTranslator()));
 * </pre>
 */
public class PgTrickleExceptionTranslator implements SQLExceptionTranslator {

	private static final String NAME = "([^\\s,;'\"]+?)";

	private static final Pattern NOT_FOUND = Pattern
		.compile("stream table not found: " + NAME + "(?:[\\s,;'\"]|$)|stream table '([^']+)' not found");

	private static final Pattern ALREADY_EXISTS = Pattern.compile("stream table already exists: " + NAME + "(?:\\s|$)");

	private static final Pattern RELATION_EXISTS = Pattern.compile("relation \"[^\"]+\" already exists");

	private static final Pattern HALTED = Pattern
		.compile("stream table " + NAME + " (?:is suspended|is in error state)");

	private static final Pattern DEPENDENTS = Pattern.compile("stream table " + NAME + " has dependent stream tables");

	private static final Pattern NOT_HALTED = Pattern
		.compile("stream table " + NAME + " is not suspended or in error state");

	private static final Pattern OWNER = Pattern.compile("must be owner of stream table " + NAME + "(?:\\s|$)");

	private static final Pattern DIRECT_DML = Pattern.compile("Direct DML on stream table " + NAME + " is not allowed");

	private static final Pattern DDL_BLOCKED = Pattern.compile("pg_trickle: (\\w+(?: \\w+)?) on (\\S+) blocked");

	private static final Pattern SCHEDULE_PROBLEM = Pattern.compile("schedule cannot be|invalid duration|"
			+ "expected a number before|trailing digits|schedule must be at least|invalid cron expression|"
			+ "instead of NULL|invalid number '");

	private final SQLExceptionTranslator fallback;

	/**
	 * Create a translator that falls back to Spring's {@link SQLExceptionSubclassTranslator}.
	 */
	public PgTrickleExceptionTranslator() {
		this(new SQLExceptionSubclassTranslator());
	}

	/**
	 * Create a translator that falls back to the given translator for errors that are not
	 * pg_trickle's.
	 * @param fallback the translator for other errors, for example a
	 * {@code JdbcTemplate}'s {@code getExceptionTranslator()}
	 */
	public PgTrickleExceptionTranslator(SQLExceptionTranslator fallback) {
		this.fallback = fallback;
	}

	@Override
	public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException ex) {
		return translate(task, sql, ex, null);
	}

	/**
	 * Translate an exception raised while working on the given stream table. With a stream table
	 * known, errors that pg_trickle raises without naming one (a permission denied on a source
	 * table, an unsupported construct in the defining query) are recognized too.
	 * @param task what was being attempted, used in the messages of the fallback translator
	 * @param sql the SQL that failed, or {@code null}
	 * @param ex the exception
	 * @param streamTable the stream table the operation concerned, or {@code null}
	 * @return the translated exception, or {@code null} if neither this translator nor its fallback
	 * recognizes it
	 */
	public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException ex,
			@Nullable StreamTableName streamTable) {
		PgTrickleException translated = translatePgTrickle(ex, streamTable);
		return (translated != null) ? translated : this.fallback.translate(task, sql, ex);
	}

	private @Nullable PgTrickleException translatePgTrickle(SQLException ex, @Nullable StreamTableName context) {
		String state = ex.getSQLState();
		String message = serverMessage(ex.getMessage());
		if (state == null) {
			return null;
		}
		String hint = serverHint(ex.getMessage());
		if (message.startsWith("refresh skipped")) {
			StreamTableName name = name(context, null);
			return new RefreshSkippedException("Refresh of stream table " + describe(name) + " was skipped because "
					+ "another refresh of it was in progress; retry later, or wait for it with awaitFresh", name, ex);
		}
		switch (state) {
			case "P0001" -> {
				Matcher matcher = DIRECT_DML.matcher(message);
				if (matcher.find()) {
					StreamTableName name = name(context, matcher.group(1));
					return new StreamTableReadOnlyException("Stream table " + describe(name) + " is read-only: "
							+ "pg_trickle maintains it from its defining query, so write to its source tables "
							+ "instead", name, ex);
				}
			}
			case "42P01", "22000", "XX000" -> {
				Matcher matcher = NOT_FOUND.matcher(message);
				if (matcher.find()) {
					StreamTableName name = name(context, (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2));
					return new StreamTableNotFoundException("Stream table " + describe(name) + " does not exist; "
							+ "create it first, or check its schema and name", name, ex);
				}
				if (state.equals("XX000")) {
					Matcher blocked = DDL_BLOCKED.matcher(message);
					if (blocked.find()) {
						return new SourceDdlBlockedException("pg_trickle blocked " + blocked.group(1) + " on "
								+ blocked.group(2) + ", a source of "
								+ ((context != null) ? "stream table " + context : "a stream table")
								+ ": column-affecting DDL on sources is rejected while pg_trickle.block_source_ddl "
								+ "is on; a superuser may turn it off for the migration (SET LOCAL "
								+ "pg_trickle.block_source_ddl = off), after which the stream table's query must be "
								+ "altered to match (" + message + ")", context, ex);
					}
				}
				if (state.equals("42P01") && mentionsExtension(message)) {
					return notInstalled(message, context, ex);
				}
			}
			case "42P07" -> {
				Matcher matcher = ALREADY_EXISTS.matcher(message);
				if (matcher.find()) {
					StreamTableName name = name(context, matcher.group(1));
					return new StreamTableAlreadyExistsException("Stream table " + describe(name) + " already exists; "
							+ "use createIfNotExists or createOrReplace to create it idempotently", name, ex);
				}
				if (context != null && RELATION_EXISTS.matcher(message).find()) {
					return new InvalidStreamTableArgumentException("Stream table " + context + " cannot be created: a "
							+ "relation of that name that is not a stream table already exists (" + message + "); drop or "
							+ "rename it, or choose another name", context, ex);
				}
			}
			case "22023" -> {
				return invalidArgument(message, hint, context, ex);
			}
			case "23514" -> {
				if (message.contains("pgt_stream_tables_refresh_mode_check")) {
					return new InvalidStreamTableArgumentException("Stream table " + describe(context) + ": pg_trickle "
							+ "cannot store refresh mode AUTO on an existing stream table; pass FULL, DIFFERENTIAL "
							+ "or IMMEDIATE", context, ex);
				}
				if (message.contains("pgt_stream_tables_status_check")) {
					return new InvalidStreamTableArgumentException("Stream table " + describe(context) + ": pg_trickle "
							+ "rejected the status; use SUSPENDED to pause a stream table and ACTIVE to resume it",
							context, ex);
				}
			}
			case "0A000", "54000", "42804" -> {
				if (context != null || message.startsWith("unsupported operator") || message.startsWith("query too complex")
						|| message.startsWith("type mismatch")) {
					return unsupportedQuery(message, hint, context, ex);
				}
			}
			case "42000" -> {
				if (message.startsWith("query parse error")) {
					return unsupportedQuery(message, hint, context, ex);
				}
			}
			case "3F000" -> {
				if (message.startsWith("cycle detected")) {
					return unsupportedQuery(message, hint, context, ex);
				}
				if (mentionsExtension(message)) {
					return notInstalled(message, context, ex);
				}
			}
			case "42883" -> {
				if (message.contains("pgtrickle.")) {
					return notInstalled(message, context, ex);
				}
			}
			case "42501" -> {
				Matcher matcher = OWNER.matcher(message);
				StreamTableName name = name(context, matcher.find() ? matcher.group(1) : null);
				if (name != null || mentionsExtension(message) || message.contains("stream table")) {
					return new StreamTablePermissionException("Permission denied for stream table " + describe(name)
							+ " (" + message + "); run it as the stream table's owner or a superuser, or grant the "
							+ "role the privileges it lacks (USAGE on schema pgtrickle, SELECT on its catalog, "
							+ "rights on the sources)", name, ex);
				}
			}
			default -> {
			}
		}
		return null;
	}

	private PgTrickleException invalidArgument(String message, @Nullable String hint, @Nullable StreamTableName context,
			SQLException ex) {
		Matcher halted = HALTED.matcher(message);
		if (halted.find()) {
			StreamTableName name = name(context, halted.group(1));
			String status = message.contains("error state") ? "in ERROR state" : "SUSPENDED";
			return new StreamTableSuspendedException("Stream table " + describe(name) + " is " + status
					+ ", so pg_trickle will not refresh it; fix the cause (see its last error) and resume it with "
					+ "PgTrickleOperations.resume", name, ex);
		}
		String detail = message.startsWith("invalid argument: ") ? message.substring("invalid argument: ".length())
				: message;
		if (SCHEDULE_PROBLEM.matcher(detail).find()) {
			return new InvalidScheduleException("Invalid schedule for stream table " + describe(context) + ": " + detail
					+ "; use a duration such as '30s' or '1h30m', a cron expression such as '*/5 * * * *', or "
					+ "'calculated'", context, ex);
		}
		Matcher dependents = DEPENDENTS.matcher(detail);
		if (dependents.find()) {
			StreamTableName name = name(context, dependents.group(1));
			return new InvalidStreamTableArgumentException("Stream table " + describe(name) + " cannot be dropped: "
					+ detail + (detail.contains("cascade") ? "" : "; drop with cascade to drop them too"), name, ex);
		}
		Matcher notHalted = NOT_HALTED.matcher(detail);
		StreamTableName name = name(context, notHalted.find() ? notHalted.group(1) : null);
		return new InvalidStreamTableArgumentException("Stream table " + describe(name) + ": pg_trickle rejected an "
				+ "argument: " + detail + ((hint != null) ? " (hint: " + hint + ")" : ""), name, ex);
	}

	private PgTrickleException unsupportedQuery(String message, @Nullable String hint,
			@Nullable StreamTableName context, SQLException ex) {
		String nextStep = (message.startsWith("unsupported operator") || "0A000".equals(ex.getSQLState()))
				? "use refresh mode AUTO or FULL, or rewrite the query (pgtrickle.validate_query tells what is supported)"
				: (message.startsWith("cycle detected")) ? "remove the cycle between the stream tables"
						: "fix the query (pgtrickle.validate_query checks it without creating anything)";
		return new UnsupportedQueryException("pg_trickle cannot maintain the query of stream table " + describe(context)
				+ ": " + message + ((hint != null) ? " (hint: " + hint + ")" : "") + "; " + nextStep, context, ex);
	}

	private ExtensionNotInstalledException notInstalled(String message, @Nullable StreamTableName context,
			SQLException ex) {
		return new ExtensionNotInstalledException("pg_trickle is not installed in this database, or its version "
				+ "lacks what " + ((context != null) ? "the operation on stream table " + context : "this operation")
				+ " needs (" + message + "); a superuser must add pg_trickle to shared_preload_libraries and run "
				+ "CREATE EXTENSION pg_trickle, or ALTER EXTENSION pg_trickle UPDATE", context, ex);
	}

	private static boolean mentionsExtension(String message) {
		return message.contains("pgtrickle");
	}

	private static @Nullable StreamTableName name(@Nullable StreamTableName context, @Nullable String fromMessage) {
		if (context != null) {
			return context;
		}
		return (fromMessage != null) ? StreamTableName.ofMessage(fromMessage) : null;
	}

	private static String describe(@Nullable StreamTableName name) {
		return (name != null) ? name.toString() : "(unknown)";
	}

	/**
	 * Return the server's primary message: the first line of the driver's message without the
	 * severity prefix pgjdbc adds ({@code ERROR: }).
	 */
	static String serverMessage(@Nullable String text) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		String first = (newline >= 0) ? text.substring(0, newline) : text;
		int colon = first.indexOf(": ");
		if (colon > 0 && first.substring(0, colon).chars().allMatch(Character::isUpperCase)) {
			return first.substring(colon + 2);
		}
		return first;
	}

	/**
	 * Return the server's hint from the driver's message ({@code Hint: ...} line), if any.
	 */
	static @Nullable String serverHint(@Nullable String text) {
		if (text == null) {
			return null;
		}
		for (String line : text.split("\n")) {
			String trimmed = line.trim();
			if (trimmed.startsWith("Hint: ")) {
				return trimmed.substring("Hint: ".length());
			}
		}
		return null;
	}

}
