package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL server on which test databases are created and dropped.
 */
abstract class ServerBackend {

	abstract PgTrickleBackend kind();

	abstract String jdbcUrl(String database);

	abstract String adminDatabase();

	abstract String username();

	abstract String password();

	abstract PgTrickleDatabase createDatabase(String hint);

	Connection connect(String database) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", username());
		properties.setProperty("password", password());
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	/**
	 * Creates a database and installs the extension in it.
	 */
	PgTrickleDatabase createDatabaseWithExtension(String hint) {
		String name = databaseName(hint);
		try (Connection admin = connect(adminDatabase()); Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + quote(name));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name + " on the " + kind()
					+ " backend: " + ex.getMessage(), ex);
		}
		try (Connection connection = connect(name); Statement statement = connection.createStatement()) {
			statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trickle");
		}
		catch (SQLException ex) {
			dropDatabase(name);
			throw new IllegalStateException("Could not create extension pg_trickle in " + name + " on the " + kind()
					+ " backend: " + ex.getMessage(), ex);
		}
		return new PgTrickleDatabase(kind(), jdbcUrl(name), name, username(), password(), () -> dropDatabase(name));
	}

	void dropDatabase(String name) {
		try (Connection admin = connect(adminDatabase()); Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not drop test database " + name + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * A database name made of the hint's letters and digits and a random suffix, so that JVMs sharing
	 * one server never collide; at most 63 bytes.
	 */
	static String databaseName(String hint) {
		String cleaned = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
		if (cleaned.length() > 40) {
			cleaned = cleaned.substring(cleaned.length() - 40);
		}
		String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
		return "pgt_" + cleaned + "_" + suffix;
	}

	/**
	 * Quotes an identifier; the names quoted here are made by {@link #databaseName(String)}, but quoting
	 * keeps that an implementation detail.
	 */
	static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
