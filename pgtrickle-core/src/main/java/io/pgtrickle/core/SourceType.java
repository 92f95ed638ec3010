package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * The kind of relation a stream table reads.
 */
public enum SourceType {

	/**
	 * An ordinary table.
	 */
	TABLE,

	/**
	 * Another stream table.
	 */
	STREAM_TABLE,

	/**
	 * A view (pg_trickle inlines it into the defining query).
	 */
	VIEW,

	/**
	 * A materialized view.
	 */
	MATVIEW,

	/**
	 * A foreign table.
	 */
	FOREIGN_TABLE,

	/**
	 * A kind this version of the library does not know, returned by a newer pg_trickle.
	 */
	UNKNOWN;

	/**
	 * Return the type for a value read from pg_trickle, case-insensitively.
	 * @param value the value, for example {@code STREAM_TABLE}
	 * @return the type, or {@link #UNKNOWN} if the value is not known
	 */
	public static SourceType from(@Nullable String value) {
		return ServerValues.parse(SourceType.class, value, UNKNOWN);
	}

}
