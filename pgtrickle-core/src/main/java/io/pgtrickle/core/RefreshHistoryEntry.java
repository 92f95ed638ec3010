package io.pgtrickle.core;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One refresh of a stream table, from {@code pgtrickle.pgt_refresh_history}.
 *
 * @param refreshId the id, increasing over time
 * @param dataTimestamp the data timestamp the refresh worked towards
 * @param startTime when it started
 * @param endTime when it ended, or {@code null} while it runs
 * @param action {@code NO_DATA}, {@code FULL}, {@code DIFFERENTIAL}, {@code REINITIALIZE} or
 * {@code SKIP}
 * @param status {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code SKIPPED}
 * @param rowsInserted the rows it inserted
 * @param rowsDeleted the rows it deleted
 * @param duration how long it took, or {@code null} while it runs
 * @param errorMessage why it failed or was skipped, or {@code null}
 * @param initiatedBy {@code SCHEDULER}, {@code MANUAL}, {@code INITIAL}, ... or {@code null}
 */
public record RefreshHistoryEntry(long refreshId, Instant dataTimestamp, Instant startTime, @Nullable Instant endTime,
		String action, String status, long rowsInserted, long rowsDeleted, @Nullable Duration duration,
		@Nullable String errorMessage, @Nullable String initiatedBy) {

}
