package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a stream table cannot be refreshed because it is {@code SUSPENDED} or in
 * {@code ERROR} state; {@link PgTrickleOperations#resume(StreamTableName) resume} it first.
 */
public class StreamTableSuspendedException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public StreamTableSuspendedException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
