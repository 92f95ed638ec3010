package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database with pg_trickle (or its emulation) installed, created for one test class and dropped
 * when it is closed.
 *
 * @see PgTrickleTest
 * @see PgTrickleDatabases#create(String)
 */
public final class PgTrickleDatabase implements AutoCloseable {

	private final PgTrickleBackend backend;

	private final String jdbcUrl;

	private final String databaseName;

	private final String username;

	private final String password;

	private final PGSimpleDataSource dataSource;

	private final AutoCloseable onClose;

	private volatile boolean closed;

	PgTrickleDatabase(PgTrickleBackend backend, String jdbcUrl, String databaseName, String username,
			String password, AutoCloseable onClose) {
		this.backend = backend;
		this.jdbcUrl = jdbcUrl;
		this.databaseName = databaseName;
		this.username = username;
		this.password = password;
		this.onClose = onClose;
		this.dataSource = new PGSimpleDataSource();
		this.dataSource.setURL(jdbcUrl);
		this.dataSource.setUser(username);
		this.dataSource.setPassword(password);
	}

	/**
	 * The backend this database lives on.
	 * @return the backend
	 */
	public PgTrickleBackend backend() {
		return this.backend;
	}

	/**
	 * Whether this database runs the emulation of pg_trickle rather than the real extension.
	 * @return {@code true} on the {@link PgTrickleBackend#EMBEDDED embedded} backend
	 */
	public boolean isEmulated() {
		return !this.backend.isReal();
	}

	/**
	 * A non-pooling {@link DataSource} for this database; each {@code getConnection()} opens a new
	 * connection.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * The JDBC URL of this database.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * The name of this database on its server.
	 * @return the database name
	 */
	public String databaseName() {
		return this.databaseName;
	}

	/**
	 * The user to connect as.
	 * @return the user name
	 */
	public String username() {
		return this.username;
	}

	/**
	 * The password of {@link #username()}.
	 * @return the password, empty when the server needs none
	 */
	public String password() {
		return this.password;
	}

	/**
	 * The version of the installed extension's SQL surface, from {@code pg_extension.extversion}.
	 * @return the version, for example {@code 0.67.0}
	 */
	public String extensionVersion() {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pg_trickle'")) {
			if (!rs.next()) {
				throw new IllegalStateException("pg_trickle is not installed in database " + this.databaseName);
			}
			return rs.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the pg_trickle version of " + this.databaseName, ex);
		}
	}

	/**
	 * Drops this database. Calling it again does nothing.
	 */
	@Override
	public void close() throws Exception {
		if (!this.closed) {
			this.closed = true;
			this.onClose.close();
		}
	}

	@Override
	public String toString() {
		return "PgTrickleDatabase[" + this.databaseName + " on " + this.backend + "]";
	}

}
