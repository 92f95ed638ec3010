package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * The health of change capture for one source table, from {@code pgtrickle.check_cdc_health()}.
 *
 * @param sourceOid the OID of the source table
 * @param sourceTable the source table's name
 * @param cdcMode how its changes are captured
 * @param slotName the replication slot (WAL capture only), or {@code null}
 * @param lagBytes how far the slot lags (WAL capture only), or {@code null}
 * @param confirmedLsn the decoder's confirmed LSN, or {@code null}
 * @param alert a problem pg_trickle found ({@code replication_slot_missing},
 * {@code slot_lag_exceeds_threshold: ...}), or {@code null} when healthy
 * @param selectiveCapture whether only the columns in use are captured
 */
public record CdcSourceHealth(long sourceOid, String sourceTable, CdcMode cdcMode, @Nullable String slotName,
		@Nullable Long lagBytes, @Nullable String confirmedLsn, @Nullable String alert, boolean selectiveCapture) {

	/**
	 * Return whether pg_trickle raised an alert for this source.
	 * @return {@code true} if {@link #alert()} is set
	 */
	public boolean hasAlert() {
		return this.alert != null;
	}

}
