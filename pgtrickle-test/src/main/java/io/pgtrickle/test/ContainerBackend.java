package io.pgtrickle.test;

/**
 * One {@link PgTrickleContainer} per JVM, started on first use; each test class gets its own database
 * in it. Testcontainers removes the container when the JVM exits.
 */
final class ContainerBackend extends ServerBackend {

	private final PgTrickleContainer container;

	ContainerBackend() {
		this.container = new PgTrickleContainer(PgTrickleContainer.configuredImage());
		this.container.start();
	}

	@Override
	PgTrickleBackend kind() {
		return PgTrickleBackend.CONTAINER;
	}

	@Override
	String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.container.getHost() + ":" + this.container.getFirstMappedPort() + "/"
				+ database;
	}

	@Override
	String adminDatabase() {
		return this.container.getDatabaseName();
	}

	@Override
	String username() {
		return this.container.getUsername();
	}

	@Override
	String password() {
		return this.container.getPassword();
	}

	@Override
	PgTrickleDatabase createDatabase(String hint) {
		return createDatabaseWithExtension(hint);
	}

}
