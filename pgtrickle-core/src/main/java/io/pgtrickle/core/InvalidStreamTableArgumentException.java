package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a name, option or value is not accepted, either by the client-side checks before any
 * SQL runs or by pg_trickle (SQLSTATE {@code 22023} "invalid argument").
 */
public class InvalidStreamTableArgumentException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public InvalidStreamTableArgumentException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
