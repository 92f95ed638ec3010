package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * The life-cycle status of a stream table, from {@code pgtrickle.pgt_stream_tables.status}.
 */
public enum StreamTableStatus {

	/**
	 * Created without initial population and not refreshed yet.
	 */
	INITIALIZING,

	/**
	 * Refreshed normally.
	 */
	ACTIVE,

	/**
	 * Skipped by the scheduler and refused by manual refreshes, after repeated failures or on
	 * request; {@link PgTrickleOperations#resume(StreamTableName) resume} it.
	 */
	SUSPENDED,

	/**
	 * Failed with a non-retryable error (see its last error message); resume it once the cause is
	 * fixed.
	 */
	ERROR,

	/**
	 * A status this version of the library does not know, returned by a newer pg_trickle. Never
	 * sent.
	 */
	UNKNOWN;

	/**
	 * Return the status for a value read from pg_trickle, case-insensitively.
	 * @param value the value, for example {@code ACTIVE}
	 * @return the status, or {@link #UNKNOWN} if the value is not known
	 */
	public static StreamTableStatus from(@Nullable String value) {
		return ServerValues.parse(StreamTableStatus.class, value, UNKNOWN);
	}

	/**
	 * Return whether pg_trickle refuses to refresh a stream table in this status until it is
	 * resumed.
	 * @return {@code true} for {@link #SUSPENDED} and {@link #ERROR}
	 */
	public boolean isHalted() {
		return this == SUSPENDED || this == ERROR;
	}

}
