package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * The change-capture state of one source table in a {@link StatusSnapshot}, from
 * {@code pgtrickle.check_cdc_health()} and {@code pgtrickle.change_buffer_sizes()}.
 *
 * @param sourceOid the OID of the source table
 * @param sourceTable the source table's name, as {@code regclass} text
 * @param cdcMode how its changes are captured
 * @param pendingRows the change rows not yet consumed by the slowest stream table that reads the
 * source
 * @param bufferBytes the size of the source's change buffer table
 * @param lagBytes how far the replication slot lags (WAL capture only), or {@code null}
 * @param alert a problem pg_trickle found ({@code replication_slot_missing},
 * {@code slot_lag_exceeds_threshold: ...}), or {@code null} when healthy
 */
public record CdcSourceState(long sourceOid, String sourceTable, CdcMode cdcMode, long pendingRows, long bufferBytes,
		@Nullable Long lagBytes, @Nullable String alert) {

	/**
	 * Return whether pg_trickle raised an alert for this source.
	 * @return {@code true} if {@link #alert()} is set
	 */
	public boolean hasAlert() {
		return this.alert != null;
	}

}
