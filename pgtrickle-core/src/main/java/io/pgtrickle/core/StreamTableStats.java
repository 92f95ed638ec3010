package io.pgtrickle.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Refresh statistics of one stream table, from {@code pgtrickle.pg_stat_stream_tables}. The totals
 * are computed from pg_trickle's refresh history, which it prunes after
 * {@code pg_trickle.history_retention_days}: they can go down.
 *
 * @param totalRefreshes refreshes in the history, including ones that found nothing to do
 * @param successfulRefreshes completed refreshes
 * @param failedRefreshes failed refreshes
 * @param rowsInserted rows inserted by all refreshes
 * @param rowsDeleted rows deleted by all refreshes
 * @param averageDuration the mean duration of finished refreshes, or {@code null} if there is none
 * @param lastAction the action of the latest refresh ({@code NO_DATA}, {@code FULL},
 * {@code DIFFERENTIAL}, {@code REINITIALIZE}, {@code SKIP}), or {@code null}
 * @param lastStatus the status of the latest refresh ({@code RUNNING}, {@code COMPLETED},
 * {@code FAILED}, {@code SKIPPED}), or {@code null}
 */
public record StreamTableStats(long totalRefreshes, long successfulRefreshes, long failedRefreshes, long rowsInserted,
		long rowsDeleted, @Nullable Duration averageDuration, @Nullable String lastAction, @Nullable String lastStatus) {

}
