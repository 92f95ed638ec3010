package io.pgtrickle.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.util.Assert;

/**
 * Opens the connection a {@link PgTrickleAlertListener} listens on. The listener holds it for as
 * long as it runs, so it must not come from a pool (pools evict long-lived connections), and it must
 * reach PostgreSQL directly or through a pooler in session mode (a transaction-mode pooler such as
 * PgBouncer with {@code pool_mode = transaction} never delivers notifications).
 */
@FunctionalInterface
public interface ListenerConnectionFactory {

	/**
	 * Open a new connection.
	 * @return the connection, which the caller closes
	 * @throws SQLException if the connection cannot be opened
	 */
	Connection connect() throws SQLException;

	/**
	 * Return a factory that opens connections with {@link DriverManager} from a JDBC URL, for
	 * example the application's URL, or a direct URL that bypasses a transaction-mode pooler.
	 * @param url the JDBC URL, such as {@code jdbc:postgresql://db:5432/app}
	 * @param username the user, or {@code null} to use the URL's
	 * @param password the password, or {@code null} to use the URL's
	 * @return the factory
	 */
	static ListenerConnectionFactory of(String url, @Nullable String username, @Nullable String password) {
		Assert.hasText(url, "'url' must not be empty");
		return new UrlConnectionFactory(url, username, password);
	}

	/**
	 * Return a factory that opens connections from a {@link DataSource} that does not pool, such as
	 * Spring's {@code SimpleDriverDataSource} or PostgreSQL's {@code PGSimpleDataSource}.
	 * @param dataSource the data source; never a pooling one
	 * @return the factory
	 */
	static ListenerConnectionFactory of(DataSource dataSource) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		return new DataSourceConnectionFactory(dataSource);
	}

	/**
	 * Opens connections with {@link DriverManager}.
	 */
	final class UrlConnectionFactory implements ListenerConnectionFactory {

		private final String url;

		private final @Nullable String username;

		private final @Nullable String password;

		private UrlConnectionFactory(String url, @Nullable String username, @Nullable String password) {
			this.url = url;
			this.username = username;
			this.password = password;
		}

		@Override
		public Connection connect() throws SQLException {
			Properties properties = new Properties();
			if (this.username != null) {
				properties.setProperty("user", this.username);
			}
			if (this.password != null) {
				properties.setProperty("password", this.password);
			}
			return DriverManager.getConnection(this.url, properties);
		}

		@Override
		public String toString() {
			return describe(this.url, this.username);
		}

		static String describe(@Nullable String url, @Nullable String username) {
			String location = "(no URL)";
			if (url != null) {
				int query = url.indexOf('?');
				location = (query >= 0) ? url.substring(0, query) : url;
			}
			return location + ((username != null) ? " as " + username : "");
		}

	}

	/**
	 * Opens connections from a non-pooling {@link DataSource}.
	 */
	final class DataSourceConnectionFactory implements ListenerConnectionFactory {

		private final DataSource dataSource;

		private DataSourceConnectionFactory(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public Connection connect() throws SQLException {
			return this.dataSource.getConnection();
		}

		@Override
		public String toString() {
			if (this.dataSource instanceof AbstractDriverBasedDataSource driverBased) {
				return UrlConnectionFactory.describe(driverBased.getUrl(), driverBased.getUsername());
			}
			return this.dataSource.getClass().getName();
		}

	}

}
