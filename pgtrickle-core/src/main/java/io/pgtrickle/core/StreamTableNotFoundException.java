package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an operation names a stream table that does not exist (pg_trickle reports SQLSTATE
 * {@code 42P01} "stream table not found").
 */
public class StreamTableNotFoundException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public StreamTableNotFoundException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
