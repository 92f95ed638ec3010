package io.pgtrickle.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A stream table's definition and state, from pg_trickle's catalog table
 * {@code pgtrickle.pgt_stream_tables}.
 *
 * @param name the schema-qualified name
 * @param id pg_trickle's id of the stream table ({@code pgt_id})
 * @param relationId the OID of the storage table; it changes when pg_trickle rebuilds the table
 * @param query the defining query as pg_trickle stores it (views inlined, {@code ORDER BY ... LIMIT}
 * of a top-k query removed)
 * @param originalQuery the query as given, when it differs from {@code query}
 * @param schedule the schedule, or {@code null} for an {@link RefreshMode#IMMEDIATE} stream table
 * @param refreshMode the refresh mode; never {@link RefreshMode#AUTO}, which pg_trickle resolves
 * @param effectiveRefreshMode how the latest refresh ran ({@code FULL}, {@code DIFFERENTIAL},
 * {@code APPEND_ONLY}, {@code TOP_K}, {@code NO_DATA}, ...), or {@code null}
 * @param status the status
 * @param populated whether the stream table holds data
 * @param dataTimestamp when a refresh last changed data, or {@code null}
 * @param lastRefreshAt when a refresh (including one that found nothing to do) last completed, or
 * {@code null}
 * @param consecutiveErrors the number of failed refreshes in a row
 * @param needsReinitialization whether the next refresh is a full reinitialization
 * @param requestedCdcMode the requested change-capture mode, or {@code null} to follow the server
 * setting
 * @param appendOnly whether the append-only fast path is on
 * @param refreshTier the scheduling tier
 * @param lastErrorMessage the last error, or {@code null}
 * @param lastErrorAt when the last error happened, or {@code null}
 * @param createdAt when the stream table was created
 * @param updatedAt when its catalog entry last changed
 */
public record StreamTableInfo(StreamTableName name, long id, long relationId, String query,
		@Nullable String originalQuery, @Nullable Schedule schedule, RefreshMode refreshMode,
		@Nullable String effectiveRefreshMode, StreamTableStatus status, boolean populated,
		@Nullable Instant dataTimestamp, @Nullable Instant lastRefreshAt, int consecutiveErrors,
		boolean needsReinitialization, @Nullable CdcMode requestedCdcMode, boolean appendOnly, RefreshTier refreshTier,
		@Nullable String lastErrorMessage, @Nullable Instant lastErrorAt, Instant createdAt, Instant updatedAt) {

}
