package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when pg_trickle blocks a column-affecting {@code ALTER TABLE} on a source table of a stream
 * table (setting {@code pg_trickle.block_source_ddl}, on by default).
 */
public class SourceDdlBlockedException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public SourceDdlBlockedException(String message, @Nullable StreamTableName streamTable, @Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
