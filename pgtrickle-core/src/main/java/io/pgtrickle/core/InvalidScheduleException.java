package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a schedule does not follow pg_trickle's grammar: a duration such as {@code 30s} or
 * {@code 1h30m}, a cron expression with 5 or 6 fields or an {@code @} alias, or
 * {@code calculated}.
 *
 * @see Schedule
 */
public class InvalidScheduleException extends InvalidStreamTableArgumentException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public InvalidScheduleException(String message, @Nullable StreamTableName streamTable, @Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
