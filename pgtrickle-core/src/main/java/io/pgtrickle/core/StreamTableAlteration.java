package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * The changes to apply to an existing stream table with pg_trickle's {@code alter_stream_table}:
 * only what is set here is sent, everything else stays as it is.
 * <pre class="code">
 * template.alter(name, StreamTableAlteration.ofSchedule(Schedule.parse("10m")));
 * </pre>
 * {@link RefreshMode#AUTO} is accepted although pg_trickle's {@code alter_stream_table} rejects it:
 * the template asks pg_trickle's {@code validate_query} which mode AUTO would choose for the
 * query and sends that mode. Instances are immutable.
 *
 * @see PgTrickleOperations#alter(StreamTableName, StreamTableAlteration)
 */
public final class StreamTableAlteration {

	private final @Nullable String query;

	private final @Nullable Schedule schedule;

	private final @Nullable RefreshMode refreshMode;

	private final @Nullable StreamTableStatus status;

	private final @Nullable DiamondConsistency diamondConsistency;

	private final @Nullable DiamondSchedulePolicy diamondSchedulePolicy;

	private final @Nullable CdcMode cdcMode;

	private final @Nullable Boolean appendOnly;

	private final @Nullable Boolean poolerCompatibilityMode;

	private final @Nullable RefreshTier tier;

	private final @Nullable String fuse;

	private final @Nullable Long fuseCeiling;

	private final @Nullable Integer fuseSensitivity;

	private final @Nullable String partitionBy;

	private final @Nullable Integer maxDifferentialJoins;

	private final @Nullable Double maxDeltaFraction;

	private final @Nullable String postRefreshAction;

	private final @Nullable Double reindexDriftThreshold;

	private final @Nullable String targetFreshness;

	private StreamTableAlteration(Builder builder) {
		this.query = builder.query;
		this.schedule = builder.schedule;
		this.refreshMode = builder.refreshMode;
		this.status = builder.status;
		this.diamondConsistency = builder.diamondConsistency;
		this.diamondSchedulePolicy = builder.diamondSchedulePolicy;
		this.cdcMode = builder.cdcMode;
		this.appendOnly = builder.appendOnly;
		this.poolerCompatibilityMode = builder.poolerCompatibilityMode;
		this.tier = builder.tier;
		this.fuse = builder.fuse;
		this.fuseCeiling = builder.fuseCeiling;
		this.fuseSensitivity = builder.fuseSensitivity;
		this.partitionBy = builder.partitionBy;
		this.maxDifferentialJoins = builder.maxDifferentialJoins;
		this.maxDeltaFraction = builder.maxDeltaFraction;
		this.postRefreshAction = builder.postRefreshAction;
		this.reindexDriftThreshold = builder.reindexDriftThreshold;
		this.targetFreshness = builder.targetFreshness;
	}

	/**
	 * Start an empty alteration.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return an alteration that only changes the schedule.
	 * @param schedule the new schedule
	 * @return the alteration
	 */
	public static StreamTableAlteration ofSchedule(Schedule schedule) {
		return builder().schedule(schedule).build();
	}

	/**
	 * Return an alteration that only changes the refresh mode (a full refresh follows).
	 * @param refreshMode the new refresh mode
	 * @return the alteration
	 */
	public static StreamTableAlteration ofRefreshMode(RefreshMode refreshMode) {
		return builder().refreshMode(refreshMode).build();
	}

	/**
	 * Return an alteration that only replaces the defining query (a full refresh follows).
	 * @param query the new defining query
	 * @return the alteration
	 */
	public static StreamTableAlteration ofQuery(String query) {
		return builder().query(query).build();
	}

	/**
	 * Return an alteration that only changes the status.
	 * @param status the new status
	 * @return the alteration
	 */
	public static StreamTableAlteration ofStatus(StreamTableStatus status) {
		return builder().status(status).build();
	}

	/**
	 * Return whether this alteration changes nothing.
	 * @return {@code true} if no option is set
	 */
	public boolean isEmpty() {
		return this.query == null && this.schedule == null && this.refreshMode == null && this.status == null
				&& this.diamondConsistency == null && this.diamondSchedulePolicy == null && this.cdcMode == null
				&& this.appendOnly == null && this.poolerCompatibilityMode == null && this.tier == null
				&& this.fuse == null && this.fuseCeiling == null && this.fuseSensitivity == null
				&& this.partitionBy == null && this.maxDifferentialJoins == null && this.maxDeltaFraction == null
				&& this.postRefreshAction == null && this.reindexDriftThreshold == null
				&& this.targetFreshness == null;
	}

	/**
	 * Return a builder initialized with the values of this alteration.
	 * @return a builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Return the new defining query.
	 * @return the query, or {@code null} to keep it
	 */
	public @Nullable String query() {
		return this.query;
	}

	/**
	 * Return the new schedule.
	 * @return the schedule, or {@code null} to keep it
	 */
	public @Nullable Schedule schedule() {
		return this.schedule;
	}

	/**
	 * Return the new refresh mode.
	 * @return the refresh mode, or {@code null} to keep it
	 */
	public @Nullable RefreshMode refreshMode() {
		return this.refreshMode;
	}

	/**
	 * Return the new status.
	 * @return the status, or {@code null} to keep it
	 */
	public @Nullable StreamTableStatus status() {
		return this.status;
	}

	/**
	 * Return the new diamond consistency.
	 * @return the consistency, or {@code null} to keep it
	 */
	public @Nullable DiamondConsistency diamondConsistency() {
		return this.diamondConsistency;
	}

	/**
	 * Return the new diamond schedule policy.
	 * @return the policy, or {@code null} to keep it
	 */
	public @Nullable DiamondSchedulePolicy diamondSchedulePolicy() {
		return this.diamondSchedulePolicy;
	}

	/**
	 * Return the new requested change-capture mode.
	 * @return the mode, or {@code null} to keep it
	 */
	public @Nullable CdcMode cdcMode() {
		return this.cdcMode;
	}

	/**
	 * Return the new append-only flag.
	 * @return the flag, or {@code null} to keep it
	 */
	public @Nullable Boolean appendOnly() {
		return this.appendOnly;
	}

	/**
	 * Return the new pooler compatibility flag.
	 * @return the flag, or {@code null} to keep it
	 */
	public @Nullable Boolean poolerCompatibilityMode() {
		return this.poolerCompatibilityMode;
	}

	/**
	 * Return the new scheduling tier.
	 * @return the tier, or {@code null} to keep it
	 */
	public @Nullable RefreshTier tier() {
		return this.tier;
	}

	/**
	 * Return the new fuse mode.
	 * @return {@code off}, {@code on} or {@code auto}, or {@code null} to keep it
	 */
	public @Nullable String fuse() {
		return this.fuse;
	}

	/**
	 * Return the new fuse ceiling.
	 * @return the ceiling, or {@code null} to keep it
	 */
	public @Nullable Long fuseCeiling() {
		return this.fuseCeiling;
	}

	/**
	 * Return the new fuse sensitivity.
	 * @return the sensitivity, or {@code null} to keep it
	 */
	public @Nullable Integer fuseSensitivity() {
		return this.fuseSensitivity;
	}

	/**
	 * Return the new partition key.
	 * @return the key, empty to remove partitioning, or {@code null} to keep it
	 */
	public @Nullable String partitionBy() {
		return this.partitionBy;
	}

	/**
	 * Return the new join limit for differential maintenance.
	 * @return the limit ({@code 0} clears it), or {@code null} to keep it
	 */
	public @Nullable Integer maxDifferentialJoins() {
		return this.maxDifferentialJoins;
	}

	/**
	 * Return the new changed-rows ratio for differential maintenance.
	 * @return the ratio ({@code 0} clears it), or {@code null} to keep it
	 */
	public @Nullable Double maxDeltaFraction() {
		return this.maxDeltaFraction;
	}

	/**
	 * Return the new action after each refresh.
	 * @return {@code none}, {@code analyze}, {@code reindex} or {@code reindex_if_drift}, or
	 * {@code null} to keep it
	 */
	public @Nullable String postRefreshAction() {
		return this.postRefreshAction;
	}

	/**
	 * Return the new drift threshold for {@code reindex_if_drift}.
	 * @return the threshold, or {@code null} to keep it
	 */
	public @Nullable Double reindexDriftThreshold() {
		return this.reindexDriftThreshold;
	}

	/**
	 * Return the new freshness target (pg_trickle 0.86 and later).
	 * @return the target, or {@code null} to keep it
	 */
	public @Nullable String targetFreshness() {
		return this.targetFreshness;
	}

	StreamTableAlteration withRefreshMode(RefreshMode refreshMode) {
		Builder builder = toBuilder();
		builder.refreshMode = refreshMode;
		return builder.build();
	}

	@Override
	public String toString() {
		return "StreamTableAlteration[query=" + this.query + ", schedule=" + this.schedule + ", refreshMode="
				+ this.refreshMode + ", status=" + this.status + ", ...]";
	}

	/**
	 * Builds a {@link StreamTableAlteration}.
	 */
	public static final class Builder {

		private @Nullable String query;

		private @Nullable Schedule schedule;

		private @Nullable RefreshMode refreshMode;

		private @Nullable StreamTableStatus status;

		private @Nullable DiamondConsistency diamondConsistency;

		private @Nullable DiamondSchedulePolicy diamondSchedulePolicy;

		private @Nullable CdcMode cdcMode;

		private @Nullable Boolean appendOnly;

		private @Nullable Boolean poolerCompatibilityMode;

		private @Nullable RefreshTier tier;

		private @Nullable String fuse;

		private @Nullable Long fuseCeiling;

		private @Nullable Integer fuseSensitivity;

		private @Nullable String partitionBy;

		private @Nullable Integer maxDifferentialJoins;

		private @Nullable Double maxDeltaFraction;

		private @Nullable String postRefreshAction;

		private @Nullable Double reindexDriftThreshold;

		private @Nullable String targetFreshness;

		private Builder() {
		}

		private Builder(StreamTableAlteration alteration) {
			this.query = alteration.query;
			this.schedule = alteration.schedule;
			this.refreshMode = alteration.refreshMode;
			this.status = alteration.status;
			this.diamondConsistency = alteration.diamondConsistency;
			this.diamondSchedulePolicy = alteration.diamondSchedulePolicy;
			this.cdcMode = alteration.cdcMode;
			this.appendOnly = alteration.appendOnly;
			this.poolerCompatibilityMode = alteration.poolerCompatibilityMode;
			this.tier = alteration.tier;
			this.fuse = alteration.fuse;
			this.fuseCeiling = alteration.fuseCeiling;
			this.fuseSensitivity = alteration.fuseSensitivity;
			this.partitionBy = alteration.partitionBy;
			this.maxDifferentialJoins = alteration.maxDifferentialJoins;
			this.maxDeltaFraction = alteration.maxDeltaFraction;
			this.postRefreshAction = alteration.postRefreshAction;
			this.reindexDriftThreshold = alteration.reindexDriftThreshold;
			this.targetFreshness = alteration.targetFreshness;
		}

		/**
		 * Replace the defining query; pg_trickle migrates the storage table and runs a full refresh.
		 * @param query the new query, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder query(@Nullable String query) {
			if (query != null && query.isBlank()) {
				throw argument("The new defining query must not be empty");
			}
			this.query = query;
			return this;
		}

		/**
		 * Change the schedule.
		 * @param schedule the new schedule, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder schedule(@Nullable Schedule schedule) {
			this.schedule = schedule;
			return this;
		}

		/**
		 * Change the refresh mode; pg_trickle runs a full refresh. {@link RefreshMode#AUTO} is
		 * resolved to the mode pg_trickle's {@code validate_query} recommends for the query.
		 * @param refreshMode the new mode, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder refreshMode(@Nullable RefreshMode refreshMode) {
			if (refreshMode == RefreshMode.UNKNOWN) {
				throw argument("Refresh mode UNKNOWN only describes values read from a newer pg_trickle; choose "
						+ "AUTO, FULL, DIFFERENTIAL or IMMEDIATE");
			}
			this.refreshMode = refreshMode;
			return this;
		}

		/**
		 * Change the status; {@link StreamTableStatus#ACTIVE} also resets the error count.
		 * @param status the new status, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder status(@Nullable StreamTableStatus status) {
			if (status == StreamTableStatus.UNKNOWN) {
				throw argument("Status UNKNOWN only describes values read from a newer pg_trickle; choose "
						+ "ACTIVE, SUSPENDED, ERROR or INITIALIZING");
			}
			this.status = status;
			return this;
		}

		/**
		 * Change the diamond consistency.
		 * @param diamondConsistency the consistency, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder diamondConsistency(@Nullable DiamondConsistency diamondConsistency) {
			this.diamondConsistency = diamondConsistency;
			return this;
		}

		/**
		 * Change the diamond schedule policy.
		 * @param diamondSchedulePolicy the policy, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder diamondSchedulePolicy(@Nullable DiamondSchedulePolicy diamondSchedulePolicy) {
			this.diamondSchedulePolicy = diamondSchedulePolicy;
			return this;
		}

		/**
		 * Change the requested change-capture mode; pg_trickle rebuilds the capture of the sources.
		 * @param cdcMode {@link CdcMode#AUTO}, {@link CdcMode#TRIGGER} or {@link CdcMode#WAL}, or
		 * {@code null} to keep it
		 * @return this builder
		 */
		public Builder cdcMode(@Nullable CdcMode cdcMode) {
			this.cdcMode = StreamTableDefinition.Builder.checkRequestedCdcMode(null, cdcMode);
			return this;
		}

		/**
		 * Change the append-only flag.
		 * @param appendOnly the flag, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder appendOnly(@Nullable Boolean appendOnly) {
			this.appendOnly = appendOnly;
			return this;
		}

		/**
		 * Change the pooler compatibility flag.
		 * @param poolerCompatibilityMode the flag, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder poolerCompatibilityMode(@Nullable Boolean poolerCompatibilityMode) {
			this.poolerCompatibilityMode = poolerCompatibilityMode;
			return this;
		}

		/**
		 * Change the scheduling tier.
		 * @param tier the tier, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder tier(@Nullable RefreshTier tier) {
			if (tier == RefreshTier.UNKNOWN) {
				throw argument("Tier UNKNOWN only describes values read from a newer pg_trickle; choose HOT, WARM, "
						+ "COLD or FROZEN");
			}
			this.tier = tier;
			return this;
		}

		/**
		 * Change the fuse mode.
		 * @param fuse {@code off}, {@code on} or {@code auto}, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder fuse(@Nullable String fuse) {
			this.fuse = StreamTableDefinition.Builder.checkNotBlank(null, fuse, "fuse");
			return this;
		}

		/**
		 * Change the fuse ceiling.
		 * @param fuseCeiling the ceiling, more than zero, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder fuseCeiling(@Nullable Long fuseCeiling) {
			if (fuseCeiling != null && fuseCeiling <= 0) {
				throw argument("fuseCeiling must be more than zero, got " + fuseCeiling);
			}
			this.fuseCeiling = fuseCeiling;
			return this;
		}

		/**
		 * Change the fuse sensitivity.
		 * @param fuseSensitivity the sensitivity, more than zero, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder fuseSensitivity(@Nullable Integer fuseSensitivity) {
			if (fuseSensitivity != null && fuseSensitivity <= 0) {
				throw argument("fuseSensitivity must be more than zero, got " + fuseSensitivity);
			}
			this.fuseSensitivity = fuseSensitivity;
			return this;
		}

		/**
		 * Change the partition key; pg_trickle recreates the storage table.
		 * @param partitionBy the key, empty to remove partitioning, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder partitionBy(@Nullable String partitionBy) {
			this.partitionBy = partitionBy;
			return this;
		}

		/**
		 * Change the join limit for differential maintenance.
		 * @param maxDifferentialJoins the limit, zero to clear it, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder maxDifferentialJoins(@Nullable Integer maxDifferentialJoins) {
			if (maxDifferentialJoins != null && maxDifferentialJoins < 0) {
				throw argument("maxDifferentialJoins must be zero or more, got " + maxDifferentialJoins);
			}
			this.maxDifferentialJoins = maxDifferentialJoins;
			return this;
		}

		/**
		 * Change the changed-rows ratio for differential maintenance.
		 * @param maxDeltaFraction the ratio, zero to clear it, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder maxDeltaFraction(@Nullable Double maxDeltaFraction) {
			if (maxDeltaFraction != null && (maxDeltaFraction.isNaN() || maxDeltaFraction < 0
					|| maxDeltaFraction.isInfinite())) {
				throw argument("maxDeltaFraction must be a finite number, zero or more, got " + maxDeltaFraction);
			}
			this.maxDeltaFraction = maxDeltaFraction;
			return this;
		}

		/**
		 * Change the action after each refresh.
		 * @param postRefreshAction {@code none}, {@code analyze}, {@code reindex} or
		 * {@code reindex_if_drift}, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder postRefreshAction(@Nullable String postRefreshAction) {
			this.postRefreshAction = StreamTableDefinition.Builder.checkNotBlank(null, postRefreshAction,
					"postRefreshAction");
			return this;
		}

		/**
		 * Change the drift threshold for {@code reindex_if_drift}.
		 * @param reindexDriftThreshold the threshold, more than 0 and at most 1, or {@code null} to
		 * keep it
		 * @return this builder
		 */
		public Builder reindexDriftThreshold(@Nullable Double reindexDriftThreshold) {
			if (reindexDriftThreshold != null && !(reindexDriftThreshold > 0 && reindexDriftThreshold <= 1)) {
				throw argument("reindexDriftThreshold must be more than 0 and at most 1, got " + reindexDriftThreshold);
			}
			this.reindexDriftThreshold = reindexDriftThreshold;
			return this;
		}

		/**
		 * Change the freshness target; needs pg_trickle 0.86 or later.
		 * @param targetFreshness an interval such as {@code 5 seconds}, {@code on_commit} or
		 * {@code manual}, or {@code null} to keep it
		 * @return this builder
		 */
		public Builder targetFreshness(@Nullable String targetFreshness) {
			this.targetFreshness = StreamTableDefinition.Builder.checkNotBlank(null, targetFreshness,
					"targetFreshness");
			return this;
		}

		/**
		 * Build the alteration.
		 * @return the alteration
		 */
		public StreamTableAlteration build() {
			return new StreamTableAlteration(this);
		}

		private static InvalidStreamTableArgumentException argument(String message) {
			return new InvalidStreamTableArgumentException(message, null, null);
		}

	}

}
