package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a stream table does not reach the awaited condition before the timeout, or the
 * waiting thread is interrupted (its interrupt flag is then kept). The message says what was last
 * observed.
 */
public class StreamTableAwaitTimeoutException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public StreamTableAwaitTimeoutException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
