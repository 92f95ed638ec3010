package io.pgtrickle.core;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How a stream table is kept up to date.
 */
public enum RefreshMode {

	/**
	 * Let pg_trickle choose when the stream table is created: {@link #DIFFERENTIAL} when the query
	 * can be maintained incrementally, else {@link #FULL}. pg_trickle stores the resolved mode, so
	 * AUTO is never read back.
	 */
	AUTO,

	/**
	 * Recompute the whole result on every refresh.
	 */
	FULL,

	/**
	 * Apply only the changes of the sources since the last refresh.
	 */
	DIFFERENTIAL,

	/**
	 * Maintain the result inside each writing transaction; the stream table has no schedule.
	 */
	IMMEDIATE,

	/**
	 * A mode this version of the library does not know, returned by a newer pg_trickle. Never sent.
	 */
	UNKNOWN;

	/**
	 * Return the mode for a value read from pg_trickle, case-insensitively; the deprecated alias
	 * {@code INCREMENTAL} is {@link #DIFFERENTIAL}.
	 * @param value the value, for example {@code DIFFERENTIAL}
	 * @return the mode, or {@link #UNKNOWN} if the value is not known
	 */
	public static RefreshMode from(@Nullable String value) {
		if (value != null && "INCREMENTAL".equals(value.trim().toUpperCase(Locale.ROOT))) {
			return DIFFERENTIAL;
		}
		return ServerValues.parse(RefreshMode.class, value, UNKNOWN);
	}

}
