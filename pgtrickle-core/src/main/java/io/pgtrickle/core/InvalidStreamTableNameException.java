package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a stream table name cannot be expressed to pg_trickle: pg_trickle splits a name at
 * its first dot and looks it up unquoted, so a part may only hold lower-case letters, digits and
 * underscores.
 *
 * @see StreamTableName
 */
public class InvalidStreamTableNameException extends InvalidStreamTableArgumentException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public InvalidStreamTableNameException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
