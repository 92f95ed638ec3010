package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * How pg_trickle captures the changes of a source table: requested per stream table
 * ({@link #AUTO}, {@link #TRIGGER}, {@link #WAL}) and observed per source ({@link #TRIGGER},
 * {@link #TRANSITIONING}, {@link #WAL}).
 */
public enum CdcMode {

	/**
	 * Requested only: start with triggers and move to WAL decoding when {@code wal_level} is
	 * {@code logical}.
	 */
	AUTO,

	/**
	 * Row triggers write changes into a buffer table.
	 */
	TRIGGER,

	/**
	 * Logical decoding of the WAL through a replication slot.
	 */
	WAL,

	/**
	 * Observed only: moving from triggers to WAL decoding.
	 */
	TRANSITIONING,

	/**
	 * A mode this version of the library does not know, returned by pg_trickle. Never sent.
	 */
	UNKNOWN;

	/**
	 * Return the mode for a value read from pg_trickle, case-insensitively.
	 * @param value the value, for example {@code TRIGGER} or {@code wal}
	 * @return the mode, or {@link #UNKNOWN} if the value is not known
	 */
	public static CdcMode from(@Nullable String value) {
		return ServerValues.parse(CdcMode.class, value, UNKNOWN);
	}

}
