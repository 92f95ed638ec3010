package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * Root of the exceptions that {@link PgTrickleTemplate} and {@link PgTrickleExceptionTranslator}
 * raise for pg_trickle's own failure modes. It is a {@link DataAccessException}, so Spring's
 * transaction rollback rules and exception handlers treat it like any other data access failure.
 *
 * @see PgTrickleExceptionTranslator
 */
public abstract class PgTrickleException extends DataAccessException {

	/**
	 * The stream table the failed operation concerned, if known.
	 */
	private final @Nullable StreamTableName streamTable;

	/**
	 * Create a new instance.
	 * @param message the detail message, naming the stream table and the next step
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, usually the driver's {@link java.sql.SQLException}
	 */
	protected PgTrickleException(String message, @Nullable StreamTableName streamTable, @Nullable Throwable cause) {
		super(message, cause);
		this.streamTable = streamTable;
	}

	/**
	 * Return the stream table the failed operation concerned.
	 * @return the stream table, or {@code null} when the failure concerns none (for example the
	 * extension is not installed) or it could not be determined
	 */
	public @Nullable StreamTableName getStreamTable() {
		return this.streamTable;
	}

}
