package io.pgtrickle.core;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Everything needed to create a stream table: its name, its defining query and the create options
 * of pg_trickle's {@code create_stream_table}. Options left unset are not sent, so pg_trickle
 * applies its own defaults (and keeps doing so when a newer version adds or reorders parameters).
 * <pre class="code">
 * StreamTableDefinition definition = StreamTableDefinition
 *     .builder("public.order_totals", "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
 *     .schedule(Schedule.parse("1m"))
 *     .refreshMode(RefreshMode.DIFFERENTIAL)
 *     .build();
 * </pre>
 * Instances are immutable.
 *
 * @see PgTrickleOperations#create(StreamTableDefinition)
 */
public final class StreamTableDefinition {

	private final StreamTableName name;

	private final String query;

	private final @Nullable Schedule schedule;

	private final @Nullable RefreshMode refreshMode;

	private final @Nullable Boolean initialize;

	private final @Nullable DiamondConsistency diamondConsistency;

	private final @Nullable DiamondSchedulePolicy diamondSchedulePolicy;

	private final @Nullable CdcMode cdcMode;

	private final @Nullable Boolean appendOnly;

	private final @Nullable Boolean poolerCompatibilityMode;

	private final @Nullable String partitionBy;

	private final @Nullable Integer maxDifferentialJoins;

	private final @Nullable Double maxDeltaFraction;

	private final @Nullable String outputDistributionColumn;

	private final @Nullable Boolean temporal;

	private final @Nullable String storageBackend;

	private final @Nullable Integer fillfactor;

	private final @Nullable String targetFreshness;

	private final @Nullable String orchestrationMode;

	private StreamTableDefinition(Builder builder) {
		this.name = builder.name;
		this.query = builder.query;
		this.schedule = builder.schedule;
		this.refreshMode = builder.refreshMode;
		this.initialize = builder.initialize;
		this.diamondConsistency = builder.diamondConsistency;
		this.diamondSchedulePolicy = builder.diamondSchedulePolicy;
		this.cdcMode = builder.cdcMode;
		this.appendOnly = builder.appendOnly;
		this.poolerCompatibilityMode = builder.poolerCompatibilityMode;
		this.partitionBy = builder.partitionBy;
		this.maxDifferentialJoins = builder.maxDifferentialJoins;
		this.maxDeltaFraction = builder.maxDeltaFraction;
		this.outputDistributionColumn = builder.outputDistributionColumn;
		this.temporal = builder.temporal;
		this.storageBackend = builder.storageBackend;
		this.fillfactor = builder.fillfactor;
		this.targetFreshness = builder.targetFreshness;
		this.orchestrationMode = builder.orchestrationMode;
	}

	/**
	 * Start a definition of the stream table with the given name and defining query.
	 * @param name the name, {@code schema.table} or {@code table}
	 * @param query the defining query, exactly one {@code SELECT} statement
	 * @return a builder
	 * @throws InvalidStreamTableNameException if the name cannot be expressed to pg_trickle
	 * @throws InvalidStreamTableArgumentException if the query is empty
	 */
	public static Builder builder(String name, String query) {
		return new Builder(StreamTableName.of(name), query);
	}

	/**
	 * Start a definition of the stream table with the given name and defining query.
	 * @param name the name
	 * @param query the defining query, exactly one {@code SELECT} statement
	 * @return a builder
	 * @throws InvalidStreamTableArgumentException if the query is empty
	 */
	public static Builder builder(StreamTableName name, String query) {
		return new Builder(name, query);
	}

	/**
	 * Return a builder initialized with the values of this definition.
	 * @return a builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Return the name of the stream table.
	 * @return the name
	 */
	public StreamTableName name() {
		return this.name;
	}

	/**
	 * Return the defining query.
	 * @return the query
	 */
	public String query() {
		return this.query;
	}

	/**
	 * Return the schedule.
	 * @return the schedule, or {@code null} to use pg_trickle's default ({@code calculated})
	 */
	public @Nullable Schedule schedule() {
		return this.schedule;
	}

	/**
	 * Return the refresh mode.
	 * @return the refresh mode, or {@code null} to use pg_trickle's default ({@link RefreshMode#AUTO})
	 */
	public @Nullable RefreshMode refreshMode() {
		return this.refreshMode;
	}

	/**
	 * Return whether the stream table is populated while it is created.
	 * @return the flag, or {@code null} to use pg_trickle's default ({@code true})
	 */
	public @Nullable Boolean initialize() {
		return this.initialize;
	}

	/**
	 * Return the diamond consistency.
	 * @return the diamond consistency, or {@code null} for pg_trickle's default
	 */
	public @Nullable DiamondConsistency diamondConsistency() {
		return this.diamondConsistency;
	}

	/**
	 * Return the diamond schedule policy.
	 * @return the policy, or {@code null} for pg_trickle's default
	 */
	public @Nullable DiamondSchedulePolicy diamondSchedulePolicy() {
		return this.diamondSchedulePolicy;
	}

	/**
	 * Return the requested change-capture mode.
	 * @return the mode, or {@code null} to follow the setting {@code pg_trickle.cdc_mode}
	 */
	public @Nullable CdcMode cdcMode() {
		return this.cdcMode;
	}

	/**
	 * Return whether the sources only ever receive inserts (pg_trickle's append-only fast path).
	 * @return the flag, or {@code null} for pg_trickle's default ({@code false})
	 */
	public @Nullable Boolean appendOnly() {
		return this.appendOnly;
	}

	/**
	 * Return whether the stream table avoids prepared statements and notifications, for
	 * transaction-mode connection poolers.
	 * @return the flag, or {@code null} for pg_trickle's default ({@code false})
	 */
	public @Nullable Boolean poolerCompatibilityMode() {
		return this.poolerCompatibilityMode;
	}

	/**
	 * Return the partition key of the storage table.
	 * @return the key ({@code col}, {@code col1,col2}, {@code LIST:col}, {@code HASH:col[:N]}), or
	 * {@code null} for an unpartitioned table
	 */
	public @Nullable String partitionBy() {
		return this.partitionBy;
	}

	/**
	 * Return the number of joins above which differential maintenance falls back to full.
	 * @return the limit, or {@code null} for none
	 */
	public @Nullable Integer maxDifferentialJoins() {
		return this.maxDifferentialJoins;
	}

	/**
	 * Return the ratio of changed rows above which differential maintenance falls back to full.
	 * @return the ratio, or {@code null} for none
	 */
	public @Nullable Double maxDeltaFraction() {
		return this.maxDeltaFraction;
	}

	/**
	 * Return the Citus distribution column of the storage table.
	 * @return the column, or {@code null} for a local table
	 */
	public @Nullable String outputDistributionColumn() {
		return this.outputDistributionColumn;
	}

	/**
	 * Return whether the stream table keeps the history of its rows (SCD type 2).
	 * @return the flag, or {@code null} for pg_trickle's default ({@code false})
	 */
	public @Nullable Boolean temporal() {
		return this.temporal;
	}

	/**
	 * Return the storage backend of the stream table.
	 * @return the backend (for example {@code heap}), or {@code null} for the setting
	 * {@code pg_trickle.columnar_backend}
	 */
	public @Nullable String storageBackend() {
		return this.storageBackend;
	}

	/**
	 * Return the fill factor of the storage table (pg_trickle 0.81.1 and later).
	 * @return the fill factor, or {@code null} for the default
	 */
	public @Nullable Integer fillfactor() {
		return this.fillfactor;
	}

	/**
	 * Return the freshness target (pg_trickle 0.86 and later).
	 * @return the target (an interval such as {@code 5 seconds}, {@code on_commit} or
	 * {@code manual}), or {@code null} for none
	 */
	public @Nullable String targetFreshness() {
		return this.targetFreshness;
	}

	/**
	 * Return who orchestrates the refreshes (pg_trickle 0.93 and later).
	 * @return {@code MANAGED} or {@code EXTERNAL}, or {@code null} for pg_trickle's default
	 */
	public @Nullable String orchestrationMode() {
		return this.orchestrationMode;
	}

	StreamTableDefinition withName(StreamTableName name) {
		Builder builder = toBuilder();
		builder.name = name;
		return builder.build();
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof StreamTableDefinition other)) {
			return false;
		}
		return this.name.equals(other.name) && this.query.equals(other.query)
				&& Objects.equals(this.schedule, other.schedule) && this.refreshMode == other.refreshMode
				&& Objects.equals(this.initialize, other.initialize) && this.diamondConsistency == other.diamondConsistency
				&& this.diamondSchedulePolicy == other.diamondSchedulePolicy && this.cdcMode == other.cdcMode
				&& Objects.equals(this.appendOnly, other.appendOnly)
				&& Objects.equals(this.poolerCompatibilityMode, other.poolerCompatibilityMode)
				&& Objects.equals(this.partitionBy, other.partitionBy)
				&& Objects.equals(this.maxDifferentialJoins, other.maxDifferentialJoins)
				&& Objects.equals(this.maxDeltaFraction, other.maxDeltaFraction)
				&& Objects.equals(this.outputDistributionColumn, other.outputDistributionColumn)
				&& Objects.equals(this.temporal, other.temporal) && Objects.equals(this.storageBackend, other.storageBackend)
				&& Objects.equals(this.fillfactor, other.fillfactor)
				&& Objects.equals(this.targetFreshness, other.targetFreshness)
				&& Objects.equals(this.orchestrationMode, other.orchestrationMode);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.query, this.schedule, this.refreshMode, this.initialize);
	}

	@Override
	public String toString() {
		return "StreamTableDefinition[name=" + this.name + ", schedule=" + this.schedule + ", refreshMode="
				+ this.refreshMode + ", query=" + this.query + "]";
	}

	/**
	 * Builds a {@link StreamTableDefinition}. Every option is optional; unset options are not sent
	 * to pg_trickle.
	 */
	public static final class Builder {

		private StreamTableName name;

		private String query;

		private @Nullable Schedule schedule;

		private @Nullable RefreshMode refreshMode;

		private @Nullable Boolean initialize;

		private @Nullable DiamondConsistency diamondConsistency;

		private @Nullable DiamondSchedulePolicy diamondSchedulePolicy;

		private @Nullable CdcMode cdcMode;

		private @Nullable Boolean appendOnly;

		private @Nullable Boolean poolerCompatibilityMode;

		private @Nullable String partitionBy;

		private @Nullable Integer maxDifferentialJoins;

		private @Nullable Double maxDeltaFraction;

		private @Nullable String outputDistributionColumn;

		private @Nullable Boolean temporal;

		private @Nullable String storageBackend;

		private @Nullable Integer fillfactor;

		private @Nullable String targetFreshness;

		private @Nullable String orchestrationMode;

		private Builder(StreamTableName name, String query) {
			if (name == null) {
				throw new InvalidStreamTableNameException("Stream table name must not be null", null, null);
			}
			this.name = name;
			this.query = checkQuery(query, name);
		}

		private Builder(StreamTableDefinition definition) {
			this.name = definition.name;
			this.query = definition.query;
			this.schedule = definition.schedule;
			this.refreshMode = definition.refreshMode;
			this.initialize = definition.initialize;
			this.diamondConsistency = definition.diamondConsistency;
			this.diamondSchedulePolicy = definition.diamondSchedulePolicy;
			this.cdcMode = definition.cdcMode;
			this.appendOnly = definition.appendOnly;
			this.poolerCompatibilityMode = definition.poolerCompatibilityMode;
			this.partitionBy = definition.partitionBy;
			this.maxDifferentialJoins = definition.maxDifferentialJoins;
			this.maxDeltaFraction = definition.maxDeltaFraction;
			this.outputDistributionColumn = definition.outputDistributionColumn;
			this.temporal = definition.temporal;
			this.storageBackend = definition.storageBackend;
			this.fillfactor = definition.fillfactor;
			this.targetFreshness = definition.targetFreshness;
			this.orchestrationMode = definition.orchestrationMode;
		}

		/**
		 * Set the defining query.
		 * @param query exactly one {@code SELECT} statement
		 * @return this builder
		 */
		public Builder query(String query) {
			this.query = checkQuery(query, this.name);
			return this;
		}

		/**
		 * Set when the stream table is refreshed.
		 * @param schedule the schedule, or {@code null} for pg_trickle's default
		 * @return this builder
		 */
		public Builder schedule(@Nullable Schedule schedule) {
			this.schedule = schedule;
			return this;
		}

		/**
		 * Set how the stream table is kept up to date.
		 * @param refreshMode the refresh mode, or {@code null} for pg_trickle's default
		 * @return this builder
		 */
		public Builder refreshMode(@Nullable RefreshMode refreshMode) {
			if (refreshMode == RefreshMode.UNKNOWN) {
				throw argument(this.name, "Refresh mode UNKNOWN only describes values read from a newer pg_trickle; choose "
						+ "AUTO, FULL, DIFFERENTIAL or IMMEDIATE");
			}
			this.refreshMode = refreshMode;
			return this;
		}

		/**
		 * Set whether the stream table is populated while it is created; {@code false} leaves it empty
		 * in status {@code INITIALIZING} until its first refresh.
		 * @param initialize the flag, or {@code null} for pg_trickle's default
		 * @return this builder
		 */
		public Builder initialize(@Nullable Boolean initialize) {
			this.initialize = initialize;
			return this;
		}

		/**
		 * Set the diamond consistency.
		 * @param diamondConsistency the consistency, or {@code null} for pg_trickle's default
		 * @return this builder
		 */
		public Builder diamondConsistency(@Nullable DiamondConsistency diamondConsistency) {
			this.diamondConsistency = diamondConsistency;
			return this;
		}

		/**
		 * Set the diamond schedule policy.
		 * @param diamondSchedulePolicy the policy, or {@code null} for pg_trickle's default
		 * @return this builder
		 */
		public Builder diamondSchedulePolicy(@Nullable DiamondSchedulePolicy diamondSchedulePolicy) {
			this.diamondSchedulePolicy = diamondSchedulePolicy;
			return this;
		}

		/**
		 * Set the change-capture mode requested for the sources.
		 * @param cdcMode {@link CdcMode#AUTO}, {@link CdcMode#TRIGGER} or {@link CdcMode#WAL}, or
		 * {@code null} to follow {@code pg_trickle.cdc_mode}
		 * @return this builder
		 */
		public Builder cdcMode(@Nullable CdcMode cdcMode) {
			this.cdcMode = checkRequestedCdcMode(this.name, cdcMode);
			return this;
		}

		/**
		 * Set whether the sources only ever receive inserts.
		 * @param appendOnly the flag, or {@code null} for pg_trickle's default
		 * @return this builder
		 */
		public Builder appendOnly(@Nullable Boolean appendOnly) {
			this.appendOnly = appendOnly;
			return this;
		}

		/**
		 * Set whether the stream table avoids prepared statements and notifications.
		 * @param poolerCompatibilityMode the flag, or {@code null} for pg_trickle's default
		 * @return this builder
		 */
		public Builder poolerCompatibilityMode(@Nullable Boolean poolerCompatibilityMode) {
			this.poolerCompatibilityMode = poolerCompatibilityMode;
			return this;
		}

		/**
		 * Set the partition key of the storage table.
		 * @param partitionBy {@code col}, {@code col1,col2}, {@code LIST:col} or
		 * {@code HASH:col[:N]}, or {@code null} for none
		 * @return this builder
		 */
		public Builder partitionBy(@Nullable String partitionBy) {
			this.partitionBy = checkNotBlank(this.name, partitionBy, "partitionBy");
			return this;
		}

		/**
		 * Set the number of joins above which differential maintenance falls back to full.
		 * @param maxDifferentialJoins the limit, zero or more, or {@code null} for none
		 * @return this builder
		 */
		public Builder maxDifferentialJoins(@Nullable Integer maxDifferentialJoins) {
			if (maxDifferentialJoins != null && maxDifferentialJoins < 0) {
				throw argument(this.name, "maxDifferentialJoins must be zero or more, got " + maxDifferentialJoins);
			}
			this.maxDifferentialJoins = maxDifferentialJoins;
			return this;
		}

		/**
		 * Set the ratio of changed rows above which differential maintenance falls back to full.
		 * @param maxDeltaFraction the ratio, zero or more, or {@code null} for none
		 * @return this builder
		 */
		public Builder maxDeltaFraction(@Nullable Double maxDeltaFraction) {
			if (maxDeltaFraction != null && (maxDeltaFraction.isNaN() || maxDeltaFraction < 0
					|| maxDeltaFraction.isInfinite())) {
				throw argument(this.name, "maxDeltaFraction must be a finite number, zero or more, got " + maxDeltaFraction);
			}
			this.maxDeltaFraction = maxDeltaFraction;
			return this;
		}

		/**
		 * Set the Citus distribution column of the storage table.
		 * @param outputDistributionColumn the column, or {@code null} for a local table
		 * @return this builder
		 */
		public Builder outputDistributionColumn(@Nullable String outputDistributionColumn) {
			this.outputDistributionColumn = checkNotBlank(this.name, outputDistributionColumn, "outputDistributionColumn");
			return this;
		}

		/**
		 * Set whether the stream table keeps the history of its rows.
		 * @param temporal the flag, or {@code null} for pg_trickle's default
		 * @return this builder
		 */
		public Builder temporal(@Nullable Boolean temporal) {
			this.temporal = temporal;
			return this;
		}

		/**
		 * Set the storage backend.
		 * @param storageBackend for example {@code heap}, or {@code null} for the server's setting
		 * @return this builder
		 */
		public Builder storageBackend(@Nullable String storageBackend) {
			this.storageBackend = checkNotBlank(this.name, storageBackend, "storageBackend");
			return this;
		}

		/**
		 * Set the fill factor of the storage table; needs pg_trickle 0.81.1 or later.
		 * @param fillfactor the fill factor, or {@code null} for the default
		 * @return this builder
		 */
		public Builder fillfactor(@Nullable Integer fillfactor) {
			this.fillfactor = fillfactor;
			return this;
		}

		/**
		 * Set the freshness target; needs pg_trickle 0.86 or later, and replaces the schedule.
		 * @param targetFreshness an interval such as {@code 5 seconds}, {@code on_commit} or
		 * {@code manual}, or {@code null} for none
		 * @return this builder
		 */
		public Builder targetFreshness(@Nullable String targetFreshness) {
			this.targetFreshness = checkNotBlank(this.name, targetFreshness, "targetFreshness");
			return this;
		}

		/**
		 * Set who orchestrates the refreshes; needs pg_trickle 0.93 or later.
		 * @param orchestrationMode {@code MANAGED} or {@code EXTERNAL}, or {@code null} for the
		 * default
		 * @return this builder
		 */
		public Builder orchestrationMode(@Nullable String orchestrationMode) {
			this.orchestrationMode = checkNotBlank(this.name, orchestrationMode, "orchestrationMode");
			return this;
		}

		/**
		 * Build the definition.
		 * @return the definition
		 */
		public StreamTableDefinition build() {
			return new StreamTableDefinition(this);
		}

		private static String checkQuery(String query, StreamTableName name) {
			if (query == null || query.isBlank()) {
				throw new InvalidStreamTableArgumentException(
						"Defining query of stream table " + name + " must not be empty", name, null);
			}
			return query;
		}

		static @Nullable String checkNotBlank(@Nullable StreamTableName name, @Nullable String value, String option) {
			if (value != null && value.isBlank()) {
				throw argument(name, option + " must not be blank; use null to leave it unset");
			}
			return value;
		}

		static @Nullable CdcMode checkRequestedCdcMode(@Nullable StreamTableName name, @Nullable CdcMode cdcMode) {
			if (cdcMode == CdcMode.TRANSITIONING || cdcMode == CdcMode.UNKNOWN) {
				throw argument(name, "CDC mode " + cdcMode + " can only be observed, not requested; choose AUTO, TRIGGER "
						+ "or WAL");
			}
			return cdcMode;
		}

		static InvalidStreamTableArgumentException argument(@Nullable StreamTableName name, String message) {
			String prefix = (name != null) ? "Stream table " + name + ": " : "";
			return new InvalidStreamTableArgumentException(prefix + message, name, null);
		}

	}

}
