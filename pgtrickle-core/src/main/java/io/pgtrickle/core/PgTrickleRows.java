package io.pgtrickle.core;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.pgtrickle.core.PgTrickleSession.Row;

/**
 * Maps the rows of {@link PgTrickleSql}'s queries, by column name, to this package's value types.
 */
final class PgTrickleRows {

	private PgTrickleRows() {
	}

	static StreamTableName name(Row row) throws SQLException {
		return StreamTableName.ofCatalog(row.string("pgt_schema"), row.string("pgt_name"));
	}

	static StreamTableInfo info(Row row) throws SQLException {
		RefreshMode refreshMode = RefreshMode.from(row.string("refresh_mode"));
		String requestedCdcMode = row.nullableString("requested_cdc_mode");
		return new StreamTableInfo(name(row), row.longValue("pgt_id"), row.longValue("pgt_relid"),
				row.string("defining_query"), row.nullableString("original_query"),
				schedule(row.nullableString("schedule"), refreshMode), refreshMode,
				row.nullableString("effective_refresh_mode"), StreamTableStatus.from(row.string("status")),
				row.bool("is_populated"), row.nullableInstant("data_timestamp"), row.nullableInstant("last_refresh_at"),
				row.integer("consecutive_errors"), row.bool("needs_reinit"),
				(requestedCdcMode != null) ? CdcMode.from(requestedCdcMode) : null, row.bool("is_append_only"),
				RefreshTier.from(row.nullableString("refresh_tier")), row.nullableString("last_error_message"),
				row.nullableInstant("last_error_at"), row.instant("created_at"), row.instant("updated_at"));
	}

	static StreamTableState state(Row row) throws SQLException {
		RefreshMode refreshMode = RefreshMode.from(row.string("refresh_mode"));
		Double stalenessSeconds = row.nullableDouble("staleness_seconds");
		List<String> cdcModeValues = row.nullableStringList("cdc_modes");
		List<CdcMode> cdcModes = new ArrayList<>((cdcModeValues != null) ? cdcModeValues.size() : 0);
		if (cdcModeValues != null) {
			for (String value : cdcModeValues) {
				cdcModes.add(CdcMode.from(value));
			}
		}
		return new StreamTableState(name(row), StreamTableStatus.from(row.string("status")), refreshMode,
				row.bool("is_populated"), row.integer("consecutive_errors"),
				schedule(row.nullableString("schedule"), refreshMode), row.nullableInstant("data_timestamp"),
				row.nullableInstant("last_refresh_at"), seconds(stalenessSeconds), row.nullableBoolean("stale"),
				row.bool("needs_reinit"), stats(row), cdcModes, RefreshTier.from(row.nullableString("refresh_tier")),
				row.nullableString("last_error_message"), row.nullableInstant("last_error_at"));
	}

	static StreamTableStats stats(Row row) throws SQLException {
		Double averageMillis = row.nullableDouble("avg_duration_ms");
		return new StreamTableStats(row.longValue("total_refreshes"), row.longValue("successful_refreshes"),
				row.longValue("failed_refreshes"), row.longValue("total_rows_inserted"),
				row.longValue("total_rows_deleted"),
				(averageMillis != null) ? Duration.ofNanos(Math.round(averageMillis * 1_000_000)) : null,
				row.nullableString("last_action"), row.nullableString("last_status"));
	}

	static RefreshHistoryEntry historyEntry(Row row) throws SQLException {
		return new RefreshHistoryEntry(row.longValue("refresh_id"), row.instant("data_timestamp"),
				row.instant("start_time"), row.nullableInstant("end_time"), row.string("action"), row.string("status"),
				row.longValue("rows_inserted"), row.longValue("rows_deleted"),
				seconds(row.nullableDouble("duration_seconds")), row.nullableString("error_message"),
				row.nullableString("initiated_by"));
	}

	static StreamTableSource source(Row row) throws SQLException {
		return new StreamTableSource(row.string("source_table"), row.longValue("source_oid"),
				SourceType.from(row.nullableString("source_type")), CdcMode.from(row.nullableString("cdc_mode")),
				row.nullableStringList("columns_used"));
	}

	static DependencyGraph.@Nullable Dependency dependency(Row row) throws SQLException {
		Long sourceOid = row.nullableLong("source_oid");
		if (sourceOid == null) {
			return null;
		}
		String sourceSchema = row.nullableString("source_schema");
		String sourceName = row.nullableString("source_name");
		String upstreamSchema = row.nullableString("upstream_schema");
		String upstreamName = row.nullableString("upstream_name");
		return new DependencyGraph.Dependency(name(row),
				(sourceSchema != null && sourceName != null) ? sourceSchema + "." + sourceName : null, sourceOid,
				SourceType.from(row.nullableString("source_type")),
				(upstreamSchema != null && upstreamName != null) ? StreamTableName.ofCatalog(upstreamSchema, upstreamName)
						: null);
	}

	static CdcSourceHealth cdcHealth(Row row) throws SQLException {
		Boolean selective = row.has("selective_capture") ? row.nullableBoolean("selective_capture") : null;
		return new CdcSourceHealth(row.longValue("source_relid"), row.string("source_table"),
				CdcMode.from(row.nullableString("cdc_mode")), row.nullableString("slot_name"),
				row.nullableLong("lag_bytes"), row.nullableString("confirmed_lsn"), row.nullableString("alert"),
				Boolean.TRUE.equals(selective));
	}

	static List<CdcSourceState> cdcSources(Row row) throws SQLException {
		List<String> oids = row.nullableStringList("cdc_source_oids");
		if (oids == null) {
			return List.of();
		}
		List<String> tables = required(row.nullableStringList("cdc_source_tables"), oids.size());
		List<String> modes = required(row.nullableStringList("cdc_source_modes"), oids.size());
		List<String> pendingRows = required(row.nullableStringList("cdc_pending_rows"), oids.size());
		List<String> bufferBytes = required(row.nullableStringList("cdc_buffer_bytes"), oids.size());
		List<String> lagBytes = required(row.nullableStringList("cdc_lag_bytes"), oids.size());
		List<String> alerts = required(row.nullableStringList("cdc_alerts"), oids.size());
		List<CdcSourceState> sources = new ArrayList<>(oids.size());
		for (int i = 0; i < oids.size(); i++) {
			String lag = lagBytes.get(i);
			String alert = alerts.get(i);
			sources.add(new CdcSourceState(Long.parseLong(oids.get(i)), tables.get(i),
					CdcMode.from(modes.get(i).isEmpty() ? null : modes.get(i)), Long.parseLong(pendingRows.get(i)),
					Long.parseLong(bufferBytes.get(i)), lag.isEmpty() ? null : Long.valueOf(lag),
					alert.isEmpty() ? null : alert));
		}
		return sources;
	}

	private static List<String> required(@Nullable List<String> values, int size) throws SQLException {
		if (values == null || values.size() != size) {
			throw new SQLException("pg_trickle returned change-capture columns of different lengths", "XX000");
		}
		return values;
	}

	static HealthCheck healthCheck(Row row) throws SQLException {
		return new HealthCheck(row.string("check_name"), HealthCheck.Severity.from(row.nullableString("severity")),
				row.nullableString("detail"));
	}

	static @Nullable Schedule schedule(@Nullable String stored, RefreshMode refreshMode) {
		if (stored == null && refreshMode == RefreshMode.IMMEDIATE) {
			return null;
		}
		return Schedule.ofCatalog(stored);
	}

	static @Nullable Duration seconds(@Nullable Double seconds) {
		return (seconds != null) ? Duration.ofNanos(Math.round(seconds * 1_000_000_000d)) : null;
	}

}
