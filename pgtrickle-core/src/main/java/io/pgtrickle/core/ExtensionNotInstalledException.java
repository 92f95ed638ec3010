package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the database has no pg_trickle extension, or the installed version lacks a function
 * this library calls.
 */
public class ExtensionNotInstalledException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public ExtensionNotInstalledException(String message, @Nullable StreamTableName streamTable,
			@Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
