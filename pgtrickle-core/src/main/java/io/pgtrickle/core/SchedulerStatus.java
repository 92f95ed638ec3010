package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Whether pg_trickle's scheduler runs for the current database, found as pg_trickle's own
 * {@code health_check()} finds it.
 *
 * @see StatusSnapshot#scheduler()
 */
public enum SchedulerStatus {

	/**
	 * The database's scheduler is running.
	 */
	RUNNING,

	/**
	 * Only pg_trickle's launcher is running: the database's scheduler has not started yet.
	 */
	STARTING,

	/**
	 * Neither the database's scheduler nor the launcher is running, so nothing is refreshed on a
	 * schedule. Expected on a standby; on a primary, pg_trickle is not in
	 * {@code shared_preload_libraries}, is disabled, or its worker failed.
	 */
	NOT_RUNNING;

	/**
	 * Return the status that the status snapshot query reports.
	 * @param value the value, for example {@code RUNNING}, or {@code null}
	 * @return the status, or {@code null} when the value is missing or unknown
	 */
	static @Nullable SchedulerStatus parse(@Nullable String value) {
		for (SchedulerStatus status : values()) {
			if (status.name().equals(value)) {
				return status;
			}
		}
		return null;
	}

}
