package io.pgtrickle.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for pg_trickle.
 *
 * @see PgTrickleAutoConfiguration
 */
@ConfigurationProperties("pgtrickle")
public class PgTrickleProperties {

	/**
	 * Whether to auto-configure pg_trickle support.
	 */
	private boolean enabled = true;

	private final StartupCheck startupCheck = new StartupCheck();

	private final Health health = new Health();

	/**
	 * Return whether pg_trickle support is auto-configured.
	 * @return whether pg_trickle support is enabled
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether pg_trickle support is auto-configured.
	 * @param enabled whether pg_trickle support is enabled
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the settings of the start-up check of the extension.
	 * @return the start-up check settings
	 */
	public StartupCheck getStartupCheck() {
		return this.startupCheck;
	}

	/**
	 * Return the settings of the health indicator.
	 * @return the health settings
	 */
	public Health getHealth() {
		return this.health;
	}

	/**
	 * Settings of the check of the extension when the application starts.
	 */
	public static class StartupCheck {

		/**
		 * Whether to fail, warn or do nothing when the extension is missing, older than supported, or
		 * lacks functions this library calls.
		 */
		private Mode mode = Mode.FAIL;

		/**
		 * Return what to do when the check finds a problem.
		 * @return the mode
		 */
		public Mode getMode() {
			return this.mode;
		}

		/**
		 * Set what to do when the check finds a problem.
		 * @param mode the mode
		 */
		public void setMode(Mode mode) {
			this.mode = mode;
		}

		/**
		 * What the start-up check does when it finds a problem.
		 */
		public enum Mode {

			/**
			 * Stop the application from starting, with a report of what is wrong and how to fix it.
			 */
			FAIL,

			/**
			 * Log the problem as a warning and start anyway.
			 */
			WARN,

			/**
			 * Do not check the extension.
			 */
			OFF

		}

	}

	/**
	 * Settings of the {@code pgtrickle} health indicator.
	 */
	public static class Health {

		/**
		 * Limit the time a health check waits for the database before it reports DOWN; also the
		 * statement timeout of its queries.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		private final Cache cache = new Cache();

		private final Freshness freshness = new Freshness();

		private final Scheduler scheduler = new Scheduler();

		/**
		 * Return the time to wait for the database.
		 * @return the timeout
		 */
		public Duration getTimeout() {
			return this.timeout;
		}

		/**
		 * Set the time to wait for the database.
		 * @param timeout the timeout
		 */
		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		/**
		 * Return the cache settings.
		 * @return the cache settings
		 */
		public Cache getCache() {
			return this.cache;
		}

		/**
		 * Return the freshness settings.
		 * @return the freshness settings
		 */
		public Freshness getFreshness() {
			return this.freshness;
		}

		/**
		 * Return the scheduler settings.
		 * @return the scheduler settings
		 */
		public Scheduler getScheduler() {
			return this.scheduler;
		}

		/**
		 * Settings of the cache of health results.
		 */
		public static class Cache {

			/**
			 * Reuse a health result for this long instead of querying the database again. Zero
			 * disables the cache.
			 */
			private Duration timeToLive = Duration.ofSeconds(1);

			/**
			 * Return the time for which a result is reused.
			 * @return the time to live
			 */
			public Duration getTimeToLive() {
				return this.timeToLive;
			}

			/**
			 * Set the time for which a result is reused.
			 * @param timeToLive the time to live, zero to disable the cache
			 */
			public void setTimeToLive(Duration timeToLive) {
				this.timeToLive = timeToLive;
			}

		}

		/**
		 * Settings of the staleness rule.
		 */
		public static class Freshness {

			/**
			 * Tolerate a stream table with a duration or cron schedule being overdue for its next
			 * refresh by this much before it counts as stale.
			 */
			private Duration threshold = Duration.ofMinutes(10);

			/**
			 * Override the threshold for individual stream tables, by schema-qualified name. An
			 * override also applies to a stream table with a calculated schedule, which is otherwise
			 * never stale, against the time since its last refresh.
			 */
			private Map<String, Duration> tables = new LinkedHashMap<>();

			/**
			 * Return the default threshold.
			 * @return the threshold
			 */
			public Duration getThreshold() {
				return this.threshold;
			}

			/**
			 * Set the default threshold.
			 * @param threshold the threshold
			 */
			public void setThreshold(Duration threshold) {
				this.threshold = threshold;
			}

			/**
			 * Return the thresholds of individual stream tables.
			 * @return the thresholds by schema-qualified name
			 */
			public Map<String, Duration> getTables() {
				return this.tables;
			}

			/**
			 * Set the thresholds of individual stream tables.
			 * @param tables the thresholds by schema-qualified name
			 */
			public void setTables(Map<String, Duration> tables) {
				this.tables = tables;
			}

		}

		/**
		 * Settings of the scheduler rule.
		 */
		public static class Scheduler {

			/**
			 * Whether a primary on which pg_trickle's scheduler is not running reports DOWN.
			 */
			private boolean enabled = true;

			/**
			 * Return whether the scheduler rule applies.
			 * @return whether the scheduler is checked
			 */
			public boolean isEnabled() {
				return this.enabled;
			}

			/**
			 * Set whether the scheduler rule applies.
			 * @param enabled whether the scheduler is checked
			 */
			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

}
