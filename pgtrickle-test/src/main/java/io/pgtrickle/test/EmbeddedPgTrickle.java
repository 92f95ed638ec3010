package io.pgtrickle.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL 18 per JVM with the emulation of pg_trickle installed as extension
 * {@code pg_trickle} in a template database, from which every test database is cloned.
 */
final class EmbeddedPgTrickle {

	static final String TEMPLATE_DATABASE = "pgtrickle_template";

	static final String USER = "postgres";

	private static final String EMULATION = "/io/pgtrickle/test/emulation/";

	private static final String[] EXTENSION_FILES = { "pg_trickle.control", "pg_trickle--0.67.0.sql" };

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPgTrickle.class);

	private static @Nullable EmbeddedPgTrickle instance;

	private final EmbeddedPostgres postgres;

	private final Duration startupTime;

	private EmbeddedPgTrickle() {
		long start = System.nanoTime();
		try {
			this.postgres = EmbeddedPostgres.builder()
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				.setServerConfig("max_connections", "300")
				.setServerConfig("timezone", "UTC")
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL 18", ex);
		}
		Duration serverStart = Duration.ofNanos(System.nanoTime() - start);
		try {
			installEmulation();
		}
		catch (SQLException | IOException ex) {
			close();
			throw new IllegalStateException("Could not install the pg_trickle emulation: " + ex.getMessage(), ex);
		}
		this.startupTime = Duration.ofNanos(System.nanoTime() - start);
		logger.info("Embedded PostgreSQL 18 with the pg_trickle emulation ready on port {} in {} ms "
				+ "(server {} ms, emulation {} ms)", this.postgres.getPort(), this.startupTime.toMillis(),
				serverStart.toMillis(), this.startupTime.minus(serverStart).toMillis());
	}

	/**
	 * The JVM's embedded server, started on first use and stopped when the JVM exits.
	 */
	static synchronized EmbeddedPgTrickle get() {
		if (instance == null) {
			EmbeddedPgTrickle started = new EmbeddedPgTrickle();
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "pgtrickle-embedded-shutdown"));
			instance = started;
		}
		return instance;
	}

	/**
	 * Copies the emulation's control file and script into the server's extension directory and creates
	 * the extension in the template database, which then accepts no connections so that it can always
	 * be cloned.
	 */
	private void installEmulation() throws SQLException, IOException {
		Path extensionDirectory;
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			try (ResultSet rs = statement.executeQuery("SELECT setting FROM pg_config WHERE name = 'SHAREDIR'")) {
				rs.next();
				extensionDirectory = Path.of(rs.getString(1), "extension");
			}
			for (String file : EXTENSION_FILES) {
				try (InputStream in = EmbeddedPgTrickle.class.getResourceAsStream(EMULATION + file)) {
					if (in == null) {
						throw new IOException("Missing resource " + EMULATION + file);
					}
					Path temporary = Files.createTempFile(extensionDirectory, file, ".tmp");
					Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
					temporary.toFile().setReadable(true, false);
					Files.move(temporary, extensionDirectory.resolve(file), StandardCopyOption.REPLACE_EXISTING,
							StandardCopyOption.ATOMIC_MOVE);
				}
			}
			statement.execute("CREATE DATABASE " + TEMPLATE_DATABASE);
		}
		try (Connection connection = connect(TEMPLATE_DATABASE); Statement statement = connection.createStatement()) {
			statement.execute("CREATE EXTENSION pg_trickle");
		}
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			statement.execute("ALTER DATABASE " + TEMPLATE_DATABASE + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
		}
	}

	Connection connect(String database) throws SQLException {
		return this.postgres.getDatabase(USER, database).getConnection();
	}

	String jdbcUrl(String database) {
		return this.postgres.getJdbcUrl(USER, database);
	}

	Duration startupTime() {
		return this.startupTime;
	}

	private void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			logger.warn("Could not stop embedded PostgreSQL", ex);
		}
	}

}
