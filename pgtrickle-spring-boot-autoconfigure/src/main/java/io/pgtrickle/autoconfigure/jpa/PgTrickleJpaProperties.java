package io.pgtrickle.autoconfigure.jpa;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for pg_trickle's JPA support.
 *
 * @see PgTrickleJpaAutoConfiguration
 */
@ConfigurationProperties("pgtrickle.jpa")
public class PgTrickleJpaProperties {

	private final StartupCheck startupCheck = new StartupCheck();

	/**
	 * Return the settings of the start-up check of {@code @StreamTable} entities.
	 * @return the start-up check settings
	 */
	public StartupCheck getStartupCheck() {
		return this.startupCheck;
	}

	/**
	 * Settings of the check, when the application starts, that every {@code @StreamTable} entity
	 * matches its stream table.
	 */
	public static class StartupCheck {

		/**
		 * What to do when a @StreamTable entity does not match its stream table: a missing stream
		 * table or column, or a column type the mapped Java type cannot hold.
		 */
		private Mode mode = Mode.FAIL;

		/**
		 * Return what to do when the check finds a mismatch.
		 * @return the mode
		 */
		public Mode getMode() {
			return this.mode;
		}

		/**
		 * Set what to do when the check finds a mismatch.
		 * @param mode the mode
		 */
		public void setMode(Mode mode) {
			this.mode = mode;
		}

		/**
		 * What the start-up check does when it finds a mismatch.
		 */
		public enum Mode {

			/**
			 * Stop the application from starting, with every mismatch and how to fix it; warnings
			 * are logged.
			 */
			FAIL,

			/**
			 * Log every mismatch as a warning and start anyway.
			 */
			WARN,

			/**
			 * Do not check the entities.
			 */
			OFF

		}

	}

}
