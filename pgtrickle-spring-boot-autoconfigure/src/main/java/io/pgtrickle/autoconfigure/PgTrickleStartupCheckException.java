package io.pgtrickle.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.pgtrickle.core.PgTrickleVersion;

/**
 * Thrown by {@link PgTrickleStartupCheck} when the database's pg_trickle cannot serve this
 * application: the extension is missing, older than this library supports, or lacks functions
 * this library calls.
 *
 * @see PgTrickleStartupCheckFailureAnalyzer
 */
public class PgTrickleStartupCheckException extends RuntimeException {

	private final Problem problem;

	private final @Nullable PgTrickleVersion installedVersion;

	private final List<String> missingFunctions;

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param problem what is wrong
	 * @param installedVersion the installed version, or {@code null} if the extension is missing
	 * @param missingFunctions the functions this library calls that the extension lacks
	 * @param cause the cause, if any
	 */
	public PgTrickleStartupCheckException(String message, Problem problem, @Nullable PgTrickleVersion installedVersion,
			List<String> missingFunctions, @Nullable Throwable cause) {
		super(message, cause);
		this.problem = problem;
		this.installedVersion = installedVersion;
		this.missingFunctions = List.copyOf(missingFunctions);
	}

	/**
	 * Return what is wrong.
	 * @return the problem
	 */
	public Problem getProblem() {
		return this.problem;
	}

	/**
	 * Return the version of pg_trickle installed in the database.
	 * @return the installed version, or {@code null} if the extension is not installed
	 */
	public @Nullable PgTrickleVersion getInstalledVersion() {
		return this.installedVersion;
	}

	/**
	 * Return the functions this library calls that the installed extension lacks.
	 * @return the missing functions, empty unless the problem is {@link Problem#MISSING_FUNCTIONS}
	 */
	public List<String> getMissingFunctions() {
		return this.missingFunctions;
	}

	/**
	 * The problems the start-up check recognizes.
	 */
	public enum Problem {

		/**
		 * The database has no pg_trickle extension.
		 */
		NOT_INSTALLED,

		/**
		 * The installed pg_trickle is older than the oldest version this library supports.
		 */
		UNSUPPORTED_VERSION,

		/**
		 * The installed pg_trickle lacks functions this library calls.
		 */
		MISSING_FUNCTIONS

	}

}
