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
import java.util.LinkedHashMap;
import java.util.Map;

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

	/**
	 * The extension's settings with their 0.67.0 defaults: the real library registers them when it is
	 * preloaded, so that {@code current_setting('pg_trickle.…')} and {@code SHOW} work everywhere.
	 */
	private static final Map<String, String> SETTINGS = settings("enabled=on", "scheduler_interval_ms=1000",
			"min_schedule_seconds=1", "default_schedule_seconds=1", "max_consecutive_errors=3", "cdc_mode=auto",
			"block_source_ddl=on", "user_triggers=auto", "connection_pooler_mode=off", "history_retention_days=90",
			"tiered_scheduling=on", "parallel_refresh_mode=on", "max_concurrent_refreshes=4",
			"max_dynamic_refresh_workers=4", "volatile_function_policy=reject", "allow_circular=off",
			"differential_max_change_ratio=0.15", "refresh_strategy=auto", "force_full_refresh=off",
			"cdc_paused=off", "drain_timeout=60", "scheduler_drain_timeout=30",
			"change_buffer_schema=pgtrickle_changes", "metrics_port=0", "notify_coalesce_ms=250", "auto_index=on",
			"ivm_topk_max_limit=1000");

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPgTrickle.class);

	private static @Nullable EmbeddedPgTrickle instance;

	private final EmbeddedPostgres postgres;

	private final Duration startupTime;

	private EmbeddedPgTrickle() {
		long start = System.nanoTime();
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
			SETTINGS.forEach(builder::setServerConfig);
			this.postgres = builder.setServerConfig("fsync", "off")
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

	private static Map<String, String> settings(String... settings) {
		Map<String, String> map = new LinkedHashMap<>();
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			map.put("pg_trickle." + setting.substring(0, equals), setting.substring(equals + 1));
		}
		return map;
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
