package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the current role may not perform an operation: it is not the stream table's owner
 * (or a superuser), or lacks privileges on the {@code pgtrickle} schema, its catalog, or a source
 * table (SQLSTATE {@code 42501}).
 */
public class StreamTablePermissionException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public StreamTablePermissionException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
