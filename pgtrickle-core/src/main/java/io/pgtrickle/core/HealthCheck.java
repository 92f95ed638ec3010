package io.pgtrickle.core;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One of pg_trickle's own health checks, from {@code pgtrickle.health_check()}: for example
 * {@code scheduler_running}, {@code error_tables}, {@code stale_tables} or {@code buffer_growth}.
 *
 * @param name the check's name
 * @param severity the result
 * @param detail what pg_trickle found, or {@code null}
 */
public record HealthCheck(String name, Severity severity, @Nullable String detail) {

	/**
	 * The results of a health check.
	 */
	public enum Severity {

		/**
		 * Nothing to report.
		 */
		OK,

		/**
		 * Worth a look ({@code WARN} or {@code WARNING} from pg_trickle).
		 */
		WARN,

		/**
		 * Needs action.
		 */
		ERROR,

		/**
		 * A severity this version of the library does not know.
		 */
		UNKNOWN;

		/**
		 * Return the severity for a value read from pg_trickle.
		 * @param value the value, for example {@code WARN}
		 * @return the severity, or {@link #UNKNOWN} if the value is not known
		 */
		public static Severity from(@Nullable String value) {
			if (value != null && "WARNING".equals(value.trim().toUpperCase(Locale.ROOT))) {
				return WARN;
			}
			return ServerValues.parse(Severity.class, value, UNKNOWN);
		}

	}

}
