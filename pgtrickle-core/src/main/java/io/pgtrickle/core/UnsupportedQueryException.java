package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when pg_trickle cannot maintain a defining query in the requested refresh mode, rejects it
 * while parsing it, finds it too complex, or finds that it would form a cycle of stream tables
 * (SQLSTATEs {@code 0A000}, {@code 42000}, {@code 54000}, {@code 3F000}).
 */
public class UnsupportedQueryException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public UnsupportedQueryException(String message, @Nullable StreamTableName streamTable, @Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
