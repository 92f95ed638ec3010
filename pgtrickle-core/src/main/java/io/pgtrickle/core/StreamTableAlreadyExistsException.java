package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when {@link PgTrickleOperations#create(StreamTableDefinition) create} names a stream table
 * that already exists (SQLSTATE {@code 42P07}). Use {@code createIfNotExists} or
 * {@code createOrReplace} for idempotent creation.
 */
public class StreamTableAlreadyExistsException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public StreamTableAlreadyExistsException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
