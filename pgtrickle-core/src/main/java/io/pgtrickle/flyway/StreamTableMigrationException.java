package io.pgtrickle.flyway;

import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a stream table migration cannot be resolved or applied. The message names the
 * migration, the stream table or definition file concerned, and the database's own message; the
 * cause is the underlying exception, usually a
 * {@link io.pgtrickle.core.PgTrickleException PgTrickleException}.
 */
public class StreamTableMigrationException extends FlywayException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param cause the cause, if any
	 */
	public StreamTableMigrationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
