package io.pgtrickle.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link PgTrickleStartupCheckException} into a report of what is wrong with the
 * database's pg_trickle and how to fix it.
 */
class PgTrickleStartupCheckFailureAnalyzer extends AbstractFailureAnalyzer<PgTrickleStartupCheckException> {

	private static final String DISABLE = "To start the application anyway, set pgtrickle.startup-check.mode to "
			+ "'warn' (log the problem) or 'off' (skip the check).";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PgTrickleStartupCheckException cause) {
		return switch (cause.getProblem()) {
			case NOT_INSTALLED -> new FailureAnalysis(description(cause,
					"The extension pg_trickle is not installed in the database the application connects to."),
					"""
							Install pg_trickle %s or later in that database, as a superuser:

							    1. Load the library when PostgreSQL starts: add pg_trickle to \
							shared_preload_libraries in postgresql.conf and restart PostgreSQL (a reload \
							is not enough). Without it the extension works but its scheduler never \
							refreshes a stream table.
							    2. Create the extension in the application's database:
							           CREATE EXTENSION pg_trickle;

							The image ghcr.io/trickle-labs/pg_trickle does both. %s"""
						.formatted(PgTrickleStartupCheck.MINIMUM_VERSION, DISABLE),
					cause);
			case UNSUPPORTED_VERSION -> new FailureAnalysis(description(cause,
					"pg_trickle " + cause.getInstalledVersion() + " is installed, but this library needs version "
							+ PgTrickleStartupCheck.MINIMUM_VERSION + " or later."),
					"""
							Upgrade pg_trickle to %s or later: install the newer library on the server, \
							restart PostgreSQL, then run as a superuser:

							    ALTER EXTENSION pg_trickle UPDATE;

							%s"""
						.formatted(PgTrickleStartupCheck.MINIMUM_VERSION, DISABLE),
					cause);
			case MISSING_FUNCTIONS -> new FailureAnalysis(description(cause,
					"pg_trickle " + cause.getInstalledVersion() + " lacks functions this library calls: "
							+ String.join(", ", cause.getMissingFunctions()) + "."),
					"""
							Bring the extension's SQL objects up to date with the installed library, as a \
							superuser:

							    ALTER EXTENSION pg_trickle UPDATE;

							If pg_trickle was installed from a partial or modified script, drop and \
							recreate it. %s"""
						.formatted(DISABLE),
					cause);
		};
	}

	private static String description(PgTrickleStartupCheckException cause, String problem) {
		return "pg_trickle start-up check failed. " + problem;
	}

}
