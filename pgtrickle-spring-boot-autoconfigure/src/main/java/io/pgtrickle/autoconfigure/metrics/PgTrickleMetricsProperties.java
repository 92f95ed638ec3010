package io.pgtrickle.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for pg_trickle's Micrometer meters.
 */
@ConfigurationProperties("pgtrickle.metrics")
public class PgTrickleMetricsProperties {

	/**
	 * Whether to register pg_trickle's meters.
	 */
	private boolean enabled = true;

	private final StreamTables streamTables = new StreamTables();

	private final CdcSources cdcSources = new CdcSources();

	private final Election election = new Election();

	/**
	 * Return whether pg_trickle's meters are registered.
	 * @return whether they are registered
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether pg_trickle's meters are registered.
	 * @param enabled whether they are registered
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the properties of the per-stream-table meters.
	 * @return the properties
	 */
	public StreamTables getStreamTables() {
		return this.streamTables;
	}

	/**
	 * Return the properties of the per-source meters.
	 * @return the properties
	 */
	public CdcSources getCdcSources() {
		return this.cdcSources;
	}

	/**
	 * Return the properties of the election of one reporting instance.
	 * @return the properties
	 */
	public Election getElection() {
		return this.election;
	}

	/**
	 * Properties of the meters of each stream table.
	 */
	public static class StreamTables {

		/**
		 * Whether each stream table gets meters of its own (about a dozen series per stream table).
		 * The aggregates are registered either way.
		 */
		private boolean enabled = true;

		/**
		 * Schema-qualified names of the stream tables that get meters of their own. Empty means all.
		 */
		private List<String> include = new ArrayList<>();

		/**
		 * Return whether each stream table gets meters of its own.
		 * @return whether it does
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether each stream table gets meters of its own.
		 * @param enabled whether it does
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the stream tables that get meters of their own; empty means all.
		 * @return the schema-qualified names
		 */
		public List<String> getInclude() {
			return this.include;
		}

		/**
		 * Set the stream tables that get meters of their own; empty means all.
		 * @param include the schema-qualified names
		 */
		public void setInclude(List<String> include) {
			this.include = include;
		}

	}

	/**
	 * Properties of the meters of each change-capture source.
	 */
	public static class CdcSources {

		/**
		 * Whether each change-capture source table gets meters of its own.
		 */
		private boolean enabled = true;

		/**
		 * Return whether each change-capture source table gets meters of its own.
		 * @return whether it does
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether each change-capture source table gets meters of its own.
		 * @param enabled whether it does
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Properties of the election of one instance that reports pg_trickle's meters, held with a
	 * PostgreSQL advisory lock, for applications that run many instances on one database.
	 */
	public static class Election {

		/**
		 * Whether the instances elect one of them to read pg_trickle's status and report the
		 * meters; the others read nothing and report NaN. Takes one extra connection on the
		 * reporting instance.
		 */
		private boolean enabled;

		/**
		 * Name of the election: instances with the same name elect one reporter among them.
		 * Defaults to 'spring.application.name', or 'application' without one.
		 */
		private @Nullable String name;

		/**
		 * How often an instance that does not report tries to take over, and how often the
		 * reporter checks that its connection, and so its lock, is alive.
		 */
		private Duration interval = Duration.ofSeconds(15);

		/**
		 * Return whether an election decides which instance reports.
		 * @return whether the election is enabled
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether an election decides which instance reports.
		 * @param enabled whether the election is enabled
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the name of the election.
		 * @return the name, or {@code null} for the application's name
		 */
		public @Nullable String getName() {
			return this.name;
		}

		/**
		 * Set the name of the election.
		 * @param name the name, or {@code null} for the application's name
		 */
		public void setName(@Nullable String name) {
			this.name = name;
		}

		/**
		 * Return how often the election runs.
		 * @return the interval
		 */
		public Duration getInterval() {
			return this.interval;
		}

		/**
		 * Set how often the election runs.
		 * @param interval the interval
		 */
		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
