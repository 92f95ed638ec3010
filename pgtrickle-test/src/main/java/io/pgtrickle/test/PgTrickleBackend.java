package io.pgtrickle.test;

/**
 * The kinds of server a {@link PgTrickleDatabase} can live on, in the order they are tried.
 *
 * @see PgTrickleTest
 */
public enum PgTrickleBackend {

	/**
	 * An external server named by the {@code PGTRICKLE_TEST_JDBC_URL} environment variable, expected
	 * to run the real extension.
	 */
	EXTERNAL,

	/**
	 * The real {@code ghcr.io/trickle-labs/pg_trickle} image, started by Testcontainers when a Docker
	 * engine is available.
	 */
	CONTAINER,

	/**
	 * An embedded PostgreSQL 18 with this project's emulation of pg_trickle's SQL API.
	 */
	EMBEDDED;

	/**
	 * Whether this backend runs the real extension rather than the emulation.
	 * @return {@code true} for {@link #EXTERNAL} and {@link #CONTAINER}
	 */
	public boolean isReal() {
		return this != EMBEDDED;
	}

}
