package io.pgtrickle.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.List;

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

}
