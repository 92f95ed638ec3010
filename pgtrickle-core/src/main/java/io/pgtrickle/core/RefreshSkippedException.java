package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link RefreshResult#orThrow()} when a refresh did not run because another refresh of
 * the same stream table was in progress. The condition is transient: retrying later, or waiting
 * with {@link PgTrickleOperations#awaitFresh awaitFresh}, usually succeeds.
 */
public class RefreshSkippedException extends PgTrickleException {

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param streamTable the stream table concerned, if known
	 * @param cause the cause, if any
	 */
	public RefreshSkippedException(String message, @Nullable StreamTableName streamTable, @Nullable Throwable cause) {
		super(message, streamTable, cause);
	}

}
