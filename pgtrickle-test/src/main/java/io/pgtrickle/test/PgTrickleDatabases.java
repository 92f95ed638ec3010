package io.pgtrickle.test;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Creates fresh pg_trickle databases on the first backend available, for tests and benchmarks that do
 * not use {@link PgTrickleTest}.
 * <p>
 * The backend is chosen once per JVM: an external server when {@code PGTRICKLE_TEST_JDBC_URL} is set,
 * else the real image through {@link PgTrickleContainer} when a Docker engine runs, else the embedded
 * emulation. The environment variable (or system property) {@code PGTRICKLE_TEST_BACKEND}
 * ({@code pgtrickle.test.backend}) set to {@code external}, {@code container} or {@code embedded}
 * forces one.
 */
public final class PgTrickleDatabases {

	private static final Logger logger = LoggerFactory.getLogger(PgTrickleDatabases.class);

	private static @Nullable ServerBackend backend;

	private PgTrickleDatabases() {
	}

	/**
	 * Creates a fresh database with pg_trickle installed; closing it drops it.
	 * @param name a hint for the database name, for example the test class name
	 * @return the database
	 * @throws BackendUnavailableException if the requested backend cannot run here
	 */
	public static PgTrickleDatabase create(String name) {
		return backend().createDatabase(name);
	}

	/**
	 * The backend that {@link #create(String)} uses in this JVM, choosing it on first use.
	 * @return the backend
	 * @throws BackendUnavailableException if the requested backend cannot run here
	 */
	public static PgTrickleBackend selectedBackend() {
		return backend().kind();
	}

	static synchronized ServerBackend backend() {
		if (backend == null) {
			backend = select();
			logger.info("pg_trickle tests run on the {} backend", backend.kind());
		}
		return backend;
	}

	private static ServerBackend select() {
		String requested = setting("PGTRICKLE_TEST_BACKEND", "pgtrickle.test.backend");
		String externalUrl = setting("PGTRICKLE_TEST_JDBC_URL", "pgtrickle.test.jdbc-url");
		PgTrickleBackend forced = (requested != null && !requested.isBlank() && !requested.equalsIgnoreCase("auto"))
				? parse(requested) : null;
		if (forced == PgTrickleBackend.EXTERNAL || (forced == null && externalUrl != null && !externalUrl.isBlank())) {
			if (externalUrl == null || externalUrl.isBlank()) {
				throw new BackendUnavailableException(
						"The external backend was requested but PGTRICKLE_TEST_JDBC_URL is not set");
			}
			String user = setting("PGTRICKLE_TEST_USER", "pgtrickle.test.user");
			String password = setting("PGTRICKLE_TEST_PASSWORD", "pgtrickle.test.password");
			return new ExternalBackend(externalUrl, (user != null) ? user : "postgres",
					(password != null) ? password : "");
		}
		if (forced == PgTrickleBackend.CONTAINER || forced == null) {
			if (isDockerAvailable()) {
				return new ContainerBackend();
			}
			if (forced == PgTrickleBackend.CONTAINER) {
				throw new BackendUnavailableException(
						"The container backend was requested but no Docker engine is available");
			}
		}
		return new EmbeddedBackend(EmbeddedPgTrickle.get());
	}

	private static boolean isDockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Docker is not available", ex);
			return false;
		}
	}

	private static PgTrickleBackend parse(String value) {
		try {
			return PgTrickleBackend.valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("PGTRICKLE_TEST_BACKEND must be auto, external, container or embedded,"
					+ " not '" + value + "'", ex);
		}
	}

	static @Nullable String setting(String environmentVariable, String systemProperty) {
		String value = System.getProperty(systemProperty);
		return (value != null) ? value : System.getenv(environmentVariable);
	}

}
