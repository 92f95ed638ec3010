package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * A stream table's scheduling tier, which multiplies its schedule's interval.
 */
public enum RefreshTier {

	/**
	 * The schedule as it is (the default).
	 */
	HOT,

	/**
	 * Twice the schedule's interval.
	 */
	WARM,

	/**
	 * Ten times the schedule's interval.
	 */
	COLD,

	/**
	 * Never refreshed by the scheduler.
	 */
	FROZEN,

	/**
	 * A tier this version of the library does not know, returned by a newer pg_trickle. Never
	 * sent.
	 */
	UNKNOWN;

	/**
	 * Return the tier for a value read from pg_trickle, case-insensitively.
	 * @param value the value, for example {@code hot}
	 * @return the tier, or {@link #UNKNOWN} if the value is not known
	 */
	public static RefreshTier from(@Nullable String value) {
		return ServerValues.parse(RefreshTier.class, value, UNKNOWN);
	}

}
