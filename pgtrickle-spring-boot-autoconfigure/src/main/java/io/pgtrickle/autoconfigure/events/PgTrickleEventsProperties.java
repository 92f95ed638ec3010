package io.pgtrickle.autoconfigure.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for pg_trickle's application events.
 *
 * @see PgTrickleEventsAutoConfiguration
 */
@ConfigurationProperties("pgtrickle.events")
public class PgTrickleEventsProperties {

	/**
	 * Whether to listen to pg_trickle's alerts and publish them as application events.
	 */
	private boolean enabled = true;

	/**
	 * Whether to drop the refreshes that changed nothing, which pg_trickle announces once per
	 * schedule interval while the sources of a stream table are idle.
	 */
	private boolean dropZeroRowRefreshes = true;

	/**
	 * Names of the caches to evict when a stream table refreshes, by schema-qualified stream table
	 * name; write the name in brackets, as in
	 * pgtrickle.events.cache-evictions[public.order_totals]=orderTotals.
	 */
	private Map<String, List<String>> cacheEvictions = new LinkedHashMap<>();

	private final Listener listener = new Listener();

	/**
	 * Return whether pg_trickle's alerts are published as application events.
	 * @return whether events are enabled
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether pg_trickle's alerts are published as application events.
	 * @param enabled whether events are enabled
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return whether refreshes that changed nothing are dropped.
	 * @return whether zero-row refreshes are dropped
	 */
	public boolean isDropZeroRowRefreshes() {
		return this.dropZeroRowRefreshes;
	}

	/**
	 * Set whether refreshes that changed nothing are dropped.
	 * @param dropZeroRowRefreshes whether zero-row refreshes are dropped
	 */
	public void setDropZeroRowRefreshes(boolean dropZeroRowRefreshes) {
		this.dropZeroRowRefreshes = dropZeroRowRefreshes;
	}

	/**
	 * Return the names of the caches to evict, by schema-qualified stream table name.
	 * @return the cache evictions
	 */
	public Map<String, List<String>> getCacheEvictions() {
		return this.cacheEvictions;
	}

	/**
	 * Set the names of the caches to evict, by schema-qualified stream table name.
	 * @param cacheEvictions the cache evictions
	 */
	public void setCacheEvictions(Map<String, List<String>> cacheEvictions) {
		this.cacheEvictions = cacheEvictions;
	}

	/**
	 * Return the settings of the listener's connection.
	 * @return the listener settings
	 */
	public Listener getListener() {
		return this.listener;
	}

	/**
	 * Settings of the connection the alert listener holds outside the pool.
	 */
	public static class Listener {

		/**
		 * JDBC URL of the listener's connection, when it must differ from the application's, for
		 * example to reach PostgreSQL directly rather than through a transaction-mode PgBouncer.
		 * Defaults to the application's URL.
		 */
		private @Nullable String url;

		/**
		 * Login user of the listener's connection. Defaults to the application's.
		 */
		private @Nullable String username;

		/**
		 * Login password of the listener's connection. Defaults to the application's.
		 */
		private @Nullable String password;

		/**
		 * Application name of the listener's connection, as pg_stat_activity shows it.
		 */
		private String applicationName = "pgtrickle-alert-listener";

		/**
		 * How long the listener's connection may stay silent before it is checked with a round trip.
		 */
		private Duration keepaliveInterval = Duration.ofSeconds(30);

		private final Reconnect reconnect = new Reconnect();

		/**
		 * Return the JDBC URL of the listener's connection.
		 * @return the URL, or {@code null} to use the application's
		 */
		public @Nullable String getUrl() {
			return this.url;
		}

		/**
		 * Set the JDBC URL of the listener's connection.
		 * @param url the URL, or {@code null} to use the application's
		 */
		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		/**
		 * Return the login user of the listener's connection.
		 * @return the user, or {@code null} to use the application's
		 */
		public @Nullable String getUsername() {
			return this.username;
		}

		/**
		 * Set the login user of the listener's connection.
		 * @param username the user, or {@code null} to use the application's
		 */
		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		/**
		 * Return the login password of the listener's connection.
		 * @return the password, or {@code null} to use the application's
		 */
		public @Nullable String getPassword() {
			return this.password;
		}

		/**
		 * Set the login password of the listener's connection.
		 * @param password the password, or {@code null} to use the application's
		 */
		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		/**
		 * Return the application name of the listener's connection.
		 * @return the application name
		 */
		public String getApplicationName() {
			return this.applicationName;
		}

		/**
		 * Set the application name of the listener's connection.
		 * @param applicationName the application name
		 */
		public void setApplicationName(String applicationName) {
			this.applicationName = applicationName;
		}

		/**
		 * Return how long the connection may stay silent before it is checked.
		 * @return the keepalive interval
		 */
		public Duration getKeepaliveInterval() {
			return this.keepaliveInterval;
		}

		/**
		 * Set how long the connection may stay silent before it is checked.
		 * @param keepaliveInterval the keepalive interval
		 */
		public void setKeepaliveInterval(Duration keepaliveInterval) {
			this.keepaliveInterval = keepaliveInterval;
		}

		/**
		 * Return the back-off of reconnection attempts.
		 * @return the reconnect settings
		 */
		public Reconnect getReconnect() {
			return this.reconnect;
		}

	}

	/**
	 * Back-off of the listener's attempts to reconnect: the delay doubles after each failed
	 * attempt, from the initial delay up to the maximum.
	 */
	public static class Reconnect {

		/**
		 * Delay before the first attempt to reconnect.
		 */
		private Duration initialDelay = Duration.ofMillis(500);

		/**
		 * Longest delay between two attempts to reconnect.
		 */
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * Return the delay before the first attempt to reconnect.
		 * @return the initial delay
		 */
		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		/**
		 * Set the delay before the first attempt to reconnect.
		 * @param initialDelay the initial delay
		 */
		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		/**
		 * Return the longest delay between two attempts to reconnect.
		 * @return the maximum delay
		 */
		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		/**
		 * Set the longest delay between two attempts to reconnect.
		 * @param maxDelay the maximum delay
		 */
		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

	}

}
