package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when SQL tries to write to a stream table directly: pg_trickle's guard trigger rejects
 * {@code INSERT}, {@code UPDATE}, {@code DELETE} and {@code TRUNCATE} on it (SQLSTATE {@code P0001}).
 * Write to the source tables instead.
 */
public class StreamTableReadOnlyException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public StreamTableReadOnlyException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
