package io.pgtrickle.test;

/**
 * Thrown when the backend a test asked for cannot run on this machine, for example the container
 * backend without a Docker engine. {@link PgTrickleTest} turns it into a skipped test class.
 */
public class BackendUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a new instance.
	 * @param message what is missing
	 */
	public BackendUnavailableException(String message) {
		super(message);
	}

}
