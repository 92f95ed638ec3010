package io.pgtrickle.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server named by {@code PGTRICKLE_TEST_JDBC_URL}. Each test class gets its own database when the
 * user may create databases; otherwise all share the configured one.
 */
final class ExternalBackend extends ServerBackend {

	private static final Logger logger = LoggerFactory.getLogger(ExternalBackend.class);

	private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]*/)([^?]*)(\\?.*)?$");

	private final String prefix;

	private final String database;

	private final String query;

	private final String username;

	private final String password;

	private volatile boolean sharedDatabase;

	ExternalBackend(String jdbcUrl, String username, String password) {
		Matcher matcher = URL.matcher(jdbcUrl);
		if (!matcher.matches() || matcher.group(2).isEmpty()) {
			throw new IllegalArgumentException("PGTRICKLE_TEST_JDBC_URL must look like "
					+ "jdbc:postgresql://host:port/database[?parameters], not '" + jdbcUrl + "'");
		}
		this.prefix = matcher.group(1);
		this.database = matcher.group(2);
		this.query = (matcher.group(3) != null) ? matcher.group(3) : "";
		this.username = username;
		this.password = password;
	}

	@Override
	PgTrickleBackend kind() {
		return PgTrickleBackend.EXTERNAL;
	}

	@Override
	String jdbcUrl(String database) {
		return this.prefix + database + this.query;
	}

	@Override
	String adminDatabase() {
		return this.database;
	}

	@Override
	String username() {
		return this.username;
	}

	@Override
	String password() {
		return this.password;
	}

	@Override
	PgTrickleDatabase createDatabase(String hint) {
		if (!this.sharedDatabase) {
			try (Connection connection = connect(this.database); Statement statement = connection.createStatement()) {
				var rs = statement.executeQuery("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user");
				this.sharedDatabase = !(rs.next() && rs.getBoolean(1));
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not connect to PGTRICKLE_TEST_JDBC_URL: " + ex.getMessage(), ex);
			}
			if (this.sharedDatabase) {
				logger.warn("User {} may not create databases: all test classes share database {}", this.username,
						this.database);
			}
		}
		if (this.sharedDatabase) {
			return new PgTrickleDatabase(kind(), jdbcUrl(this.database), this.database, this.username, this.password,
					() -> {
					});
		}
		return createDatabaseWithExtension(hint);
	}

}
