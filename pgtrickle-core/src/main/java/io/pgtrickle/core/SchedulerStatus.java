package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * Whether pg_trickle's scheduler runs for the current database, as its own
 * {@code health_check()} sees it.
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
	 * Return the status that a severity of the {@code scheduler_running} health check stands for.
	 * @param severity the severity read from pg_trickle, or {@code null}
	 * @return the status, or {@code null} when the severity is missing or unknown
	 */
	static @Nullable SchedulerStatus fromSeverity(@Nullable String severity) {
		if (severity == null) {
			return null;
		}
		return switch (HealthCheck.Severity.from(severity)) {
			case OK -> RUNNING;
			case WARN -> STARTING;
			case ERROR -> NOT_RUNNING;
			case UNKNOWN -> null;
		};
	}

}
