package io.pgtrickle.autoconfigure;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.util.Assert;

import io.pgtrickle.autoconfigure.PgTrickleProperties.StartupCheck.Mode;
import io.pgtrickle.autoconfigure.PgTrickleStartupCheckException.Problem;
import io.pgtrickle.core.ExtensionNotInstalledException;
import io.pgtrickle.core.HealthCheck;
import io.pgtrickle.core.PgTrickleCapabilities;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.PgTrickleVersion;

/**
 * Checks, when the application starts, that the database has a pg_trickle this library can work
 * with: the extension is installed, its version is supported, and it has the functions the
 * library calls. What happens when a check fails depends on the {@link Mode}. A scheduler that is
 * not running is logged as a warning in every mode but {@link Mode#OFF}, as it can be a transient
 * state or the normal state of a standby.
 */
public class PgTrickleStartupCheck implements InitializingBean {

	/**
	 * The oldest pg_trickle version this library supports.
	 */
	public static final PgTrickleVersion MINIMUM_VERSION = PgTrickleVersion.parse("0.67.0");

	/**
	 * The functions of schema {@code pgtrickle} that {@link io.pgtrickle.core.PgTrickleTemplate}
	 * calls.
	 */
	public static final List<String> REQUIRED_FUNCTIONS = List.of("create_stream_table",
			"create_stream_table_if_not_exists", "create_or_replace_stream_table", "alter_stream_table",
			"drop_stream_table", "refresh_stream_table", "resume_stream_table", "explain_st", "list_sources",
			"check_cdc_health", "health_check", "validate_query");

	private static final Log logger = LogFactory.getLog(PgTrickleStartupCheck.class);

	private final PgTrickleOperations operations;

	private final Mode mode;

	/**
	 * Create a new instance.
	 * @param operations the operations whose database is checked
	 * @param mode what to do when a check fails
	 */
	public PgTrickleStartupCheck(PgTrickleOperations operations, Mode mode) {
		Assert.notNull(operations, "'operations' must not be null");
		Assert.notNull(mode, "'mode' must not be null");
		this.operations = operations;
		this.mode = mode;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.mode == Mode.OFF) {
			return;
		}
		try {
			PgTrickleCapabilities capabilities = check();
			logger.debug("pg_trickle " + capabilities.version() + " found; start-up check passed");
			warnIfSchedulerIsNotRunning();
		}
		catch (PgTrickleStartupCheckException ex) {
			if (this.mode == Mode.FAIL) {
				throw ex;
			}
			logger.warn(ex.getMessage());
		}
		catch (DataAccessException ex) {
			if (this.mode == Mode.FAIL) {
				throw ex;
			}
			logger.warn("Could not check pg_trickle when starting: " + ex.getMessage());
		}
	}

	/**
	 * Run the checks.
	 * @return the capabilities of the installed extension
	 * @throws PgTrickleStartupCheckException if a check fails
	 */
	public PgTrickleCapabilities check() {
		PgTrickleCapabilities capabilities;
		try {
			capabilities = this.operations.capabilities();
		}
		catch (ExtensionNotInstalledException ex) {
			throw new PgTrickleStartupCheckException("pg_trickle is not installed in the application's database; "
					+ "a superuser must add pg_trickle to shared_preload_libraries, restart PostgreSQL and run "
					+ "CREATE EXTENSION pg_trickle", Problem.NOT_INSTALLED, null, List.of(), ex);
		}
		PgTrickleVersion version = capabilities.version();
		if (version.compareTo(MINIMUM_VERSION) < 0) {
			throw new PgTrickleStartupCheckException("pg_trickle " + version + " is installed, but this library "
					+ "needs " + MINIMUM_VERSION + " or later; upgrade it and run ALTER EXTENSION pg_trickle UPDATE",
					Problem.UNSUPPORTED_VERSION, version, List.of(), null);
		}
		List<String> missing = REQUIRED_FUNCTIONS.stream().filter((name) -> !capabilities.hasFunction(name)).toList();
		if (!missing.isEmpty()) {
			throw new PgTrickleStartupCheckException("pg_trickle " + version + " lacks the functions "
					+ String.join(", ", missing) + " that this library calls; run ALTER EXTENSION pg_trickle UPDATE",
					Problem.MISSING_FUNCTIONS, version, missing, null);
		}
		return capabilities;
	}

	private void warnIfSchedulerIsNotRunning() {
		List<HealthCheck> checks;
		try {
			checks = this.operations.healthChecks();
		}
		catch (DataAccessException ex) {
			logger.warn("Could not check whether pg_trickle's scheduler runs: " + ex.getMessage());
			return;
		}
		for (HealthCheck check : checks) {
			if ("scheduler_running".equals(check.name()) && check.severity() == HealthCheck.Severity.ERROR) {
				logger.warn("pg_trickle's scheduler is not running in the application's database ("
						+ check.detail() + "): stream tables are refreshed only on request. On a primary, add "
						+ "pg_trickle to shared_preload_libraries and restart PostgreSQL; on a standby this is "
						+ "expected.");
			}
		}
	}

}
