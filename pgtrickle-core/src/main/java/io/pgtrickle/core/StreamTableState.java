package io.pgtrickle.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The state of one stream table in a {@link StatusSnapshot}: what health checks and metrics need.
 *
 * @param name the schema-qualified name
 * @param status the status
 * @param refreshMode the refresh mode
 * @param populated whether the stream table holds data
 * @param consecutiveErrors the number of failed refreshes in a row
 * @param schedule the schedule, or {@code null} for an {@link RefreshMode#IMMEDIATE} stream table
 * @param dataTimestamp when a refresh last changed data, or {@code null}
 * @param lastRefreshAt when a refresh last completed, or {@code null}
 * @param staleness the time since the last refresh at the snapshot's database time, or
 * {@code null} if it was never refreshed
 * @param stale pg_trickle's stale flag (set only for duration schedules), or {@code null}
 * @param needsReinitialization whether the next refresh is a full reinitialization
 * @param stats the refresh statistics
 * @param cdcModes the change-capture modes of the table sources
 * @param refreshTier the scheduling tier
 * @param lastErrorMessage the last error, or {@code null}
 * @param lastErrorAt when the last error happened, or {@code null}
 */
public record StreamTableState(StreamTableName name, StreamTableStatus status, RefreshMode refreshMode,
		boolean populated, int consecutiveErrors, @Nullable Schedule schedule, @Nullable Instant dataTimestamp,
		@Nullable Instant lastRefreshAt, @Nullable Duration staleness, @Nullable Boolean stale,
		boolean needsReinitialization, StreamTableStats stats, List<CdcMode> cdcModes, RefreshTier refreshTier,
		@Nullable String lastErrorMessage, @Nullable Instant lastErrorAt) {

	/**
	 * Create a new instance.
	 * @param name the schema-qualified name
	 * @param status the status
	 * @param refreshMode the refresh mode
	 * @param populated whether the stream table holds data
	 * @param consecutiveErrors the number of failed refreshes in a row
	 * @param schedule the schedule, or {@code null} for an {@link RefreshMode#IMMEDIATE} stream table
	 * @param dataTimestamp when a refresh last changed data, or {@code null}
	 * @param lastRefreshAt when a refresh last completed, or {@code null}
	 * @param staleness the time since the last refresh at the snapshot's database time, or
	 * {@code null} if it was never refreshed
	 * @param stale pg_trickle's stale flag (set only for duration schedules), or {@code null}
	 * @param needsReinitialization whether the next refresh is a full reinitialization
	 * @param stats the refresh statistics
	 * @param cdcModes the change-capture modes of the table sources
	 * @param refreshTier the scheduling tier
	 * @param lastErrorMessage the last error, or {@code null}
	 * @param lastErrorAt when the last error happened, or {@code null}
	 */
	public StreamTableState {
		cdcModes = List.copyOf(cdcModes);
	}

}
