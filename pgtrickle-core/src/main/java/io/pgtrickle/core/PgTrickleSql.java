package io.pgtrickle.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Every SQL statement this library sends to pg_trickle, in one place. Function calls use named
 * arguments ({@code name => ?}) with only the options the caller set, so they survive pg_trickle
 * adding or reordering parameters; catalog reads name their columns. Values are always bound:
 * the only text put into SQL is the function and argument names below.
 */
final class PgTrickleSql {

	static final String CREATE_STREAM_TABLE = "create_stream_table";

	static final String CREATE_STREAM_TABLE_IF_NOT_EXISTS = "create_stream_table_if_not_exists";

	static final String CREATE_OR_REPLACE_STREAM_TABLE = "create_or_replace_stream_table";

	static final String ALTER_STREAM_TABLE = "alter_stream_table";

	static final String CURRENT_SCHEMA = "SELECT pg_catalog.current_schema()::text";

	static final String REFRESH = "SELECT pgtrickle.refresh_stream_table(name => ?)";

	static final String RESUME = "SELECT pgtrickle.resume_stream_table(name => ?)";

	static final String DROP = "SELECT pgtrickle.drop_stream_table(name => ?, cascade => ?)";

	static final String IS_STALE = """
			SELECT (st.last_refresh_at IS NULL
			        OR st.last_refresh_at < pg_catalog.clock_timestamp() - pg_catalog.make_interval(secs => ?)) AS stale
			FROM pgtrickle.pgt_stream_tables st
			WHERE st.pgt_schema = ? AND st.pgt_name = ?""";

	static final String STORED_REFRESH_MODE = """
			SELECT st.refresh_mode
			FROM pgtrickle.pgt_stream_tables st
			WHERE st.pgt_schema = ? AND st.pgt_name = ?""";

	static final String RESOLVE_AUTO_FOR_QUERY = """
			SELECT v.result
			FROM pgtrickle.validate_query(query => ?) v
			WHERE v.check_name = 'resolved_refresh_mode'""";

	static final String RESOLVE_AUTO_FOR_STORED_QUERY = """
			SELECT v.result
			FROM pgtrickle.pgt_stream_tables st,
			     LATERAL pgtrickle.validate_query(query => coalesce(st.original_query, st.defining_query)) v
			WHERE st.pgt_schema = ? AND st.pgt_name = ? AND v.check_name = 'resolved_refresh_mode'""";

	private static final String INFO_COLUMNS = """
			st.pgt_id, st.pgt_schema, st.pgt_name, st.pgt_relid::bigint AS pgt_relid, st.defining_query,
			st.original_query, st.schedule, st.refresh_mode, st.effective_refresh_mode, st.status, st.is_populated,
			st.data_timestamp, st.last_refresh_at, st.consecutive_errors, st.needs_reinit, st.requested_cdc_mode,
			st.is_append_only, st.refresh_tier, st.last_error_message, st.last_error_at, st.created_at, st.updated_at""";

	static final String FIND_INFO = "SELECT " + INFO_COLUMNS + """

			FROM pgtrickle.pgt_stream_tables st
			WHERE st.pgt_schema = ? AND st.pgt_name = ?""";

	static final String OBSERVE_INFO = "SELECT pg_catalog.clock_timestamp() AS database_time, " + INFO_COLUMNS + """

			FROM pgtrickle.pgt_stream_tables st
			WHERE st.pgt_schema = ? AND st.pgt_name = ?""";

	static final String FIND_ALL = "SELECT " + INFO_COLUMNS + """

			FROM pgtrickle.pgt_stream_tables st
			ORDER BY st.pgt_schema, st.pgt_name""";

	static final String EXISTS = """
			SELECT EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables st WHERE st.pgt_schema = ? AND st.pgt_name = ?)""";

	private static final String STATE_COLUMNS = """
			s.pgt_schema, s.pgt_name, s.status, s.refresh_mode, s.is_populated, s.consecutive_errors, s.schedule,
			s.data_timestamp, s.last_refresh_at, extract(epoch FROM s.staleness)::float8 AS staleness_seconds,
			s.stale, s.needs_reinit, s.total_refreshes, s.successful_refreshes, s.failed_refreshes,
			s.total_rows_inserted, s.total_rows_deleted, s.avg_duration_ms, s.last_action, s.last_status,
			s.cdc_modes::text[] AS cdc_modes, s.refresh_tier, st.last_error_message, st.last_error_at""";

	/**
	 * Every stream table, one row each (or one row of {@code NULL}s when there is none). The first row
	 * also carries what is not per stream table: the scheduler's state, found as
	 * {@code health_check()} finds it (a {@code pg_trickle scheduler} backend for this database in
	 * {@code pg_stat_activity}: running; only the {@code pg_trickle launcher}: starting) without the
	 * rest of that function's work, with {@code quick_health}'s flag (a scheduler of any database) as
	 * the answer when neither shows; whether the server is a standby; and the change-capture
	 * sources as parallel text arrays (from {@code check_cdc_health()} and {@code change_buffer_sizes()};
	 * an empty string stands for {@code NULL}), so that the sources cost neither a second query nor
	 * a copy per stream table.
	 */
	static final String STATUS_SNAPSHOT = "SELECT n.database_time, " + STATE_COLUMNS + """
			,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.scheduler_state END
			           AS scheduler_state,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.in_recovery END
			           AS in_recovery,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.cdc_source_oids END
			           AS cdc_source_oids,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.cdc_source_tables END
			           AS cdc_source_tables,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.cdc_source_modes END
			           AS cdc_source_modes,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.cdc_pending_rows END
			           AS cdc_pending_rows,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.cdc_buffer_bytes END
			           AS cdc_buffer_bytes,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.cdc_lag_bytes END
			           AS cdc_lag_bytes,
			       CASE WHEN pg_catalog.row_number() OVER (ORDER BY s.pgt_schema, s.pgt_name) = 1 THEN n.cdc_alerts END
			           AS cdc_alerts
			FROM (SELECT pg_catalog.now() AS database_time,
			             CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
			                               WHERE a.backend_type = 'pg_trickle scheduler'
			                                 AND a.datname = pg_catalog.current_database()) THEN 'RUNNING'
			                  WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a
			                               WHERE a.backend_type = 'pg_trickle launcher') THEN 'STARTING'
			                  WHEN (SELECT q.scheduler_running FROM pgtrickle.quick_health q) THEN 'RUNNING'
			                  ELSE 'NOT_RUNNING' END AS scheduler_state,
			             pg_catalog.pg_is_in_recovery() AS in_recovery,
			             c.cdc_source_oids, c.cdc_source_tables, c.cdc_source_modes, c.cdc_pending_rows,
			             c.cdc_buffer_bytes, c.cdc_lag_bytes, c.cdc_alerts
			      FROM (SELECT array_agg(h.source_relid::text ORDER BY h.source_table, h.source_relid) AS cdc_source_oids,
			                   array_agg(h.source_table ORDER BY h.source_table, h.source_relid) AS cdc_source_tables,
			                   array_agg(coalesce(h.cdc_mode, '') ORDER BY h.source_table, h.source_relid) AS cdc_source_modes,
			                   array_agg(coalesce(b.pending_rows, 0)::text ORDER BY h.source_table, h.source_relid)
			                       AS cdc_pending_rows,
			                   array_agg(coalesce(b.buffer_bytes, 0)::text ORDER BY h.source_table, h.source_relid)
			                       AS cdc_buffer_bytes,
			                   array_agg(coalesce(h.lag_bytes::text, '') ORDER BY h.source_table, h.source_relid)
			                       AS cdc_lag_bytes,
			                   array_agg(coalesce(h.alert, '') ORDER BY h.source_table, h.source_relid) AS cdc_alerts
			            FROM pgtrickle.check_cdc_health() h
			            LEFT JOIN (SELECT cb.source_oid::bigint AS source_oid, max(cb.pending_rows)::bigint AS pending_rows,
			                              max(cb.buffer_bytes)::bigint AS buffer_bytes
			                       FROM pgtrickle.change_buffer_sizes() cb
			                       GROUP BY cb.source_oid::bigint) b ON b.source_oid = h.source_relid::bigint) c) n
			LEFT JOIN (pgtrickle.pg_stat_stream_tables s
			           JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = s.pgt_id) ON true
			ORDER BY s.pgt_schema, s.pgt_name""";

	static final String STATS = "SELECT " + STATE_COLUMNS + """

			FROM pgtrickle.pg_stat_stream_tables s
			JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = s.pgt_id
			WHERE s.pgt_schema = ? AND s.pgt_name = ?""";

	static final String HISTORY = """
			SELECT st.pgt_id, h.refresh_id, h.data_timestamp, h.start_time, h.end_time, h.action, h.status,
			       h.rows_inserted, h.rows_deleted, extract(epoch FROM h.end_time - h.start_time)::float8 AS duration_seconds,
			       h.error_message, h.initiated_by
			FROM pgtrickle.pgt_stream_tables st
			LEFT JOIN LATERAL (SELECT * FROM pgtrickle.pgt_refresh_history rh
			                   WHERE rh.pgt_id = st.pgt_id
			                   ORDER BY rh.refresh_id DESC LIMIT ?) h ON true
			WHERE st.pgt_schema = ? AND st.pgt_name = ?
			ORDER BY h.refresh_id DESC""";

	static final String EXPLAIN = "SELECT e.property, e.value FROM pgtrickle.explain_st(name => ?, with_analyze => ?) e";

	static final String SOURCES = """
			SELECT st.pgt_id, s.source_table, s.source_oid::bigint AS source_oid, s.source_type, s.cdc_mode,
			       s.columns_used::text[] AS columns_used
			FROM pgtrickle.pgt_stream_tables st
			LEFT JOIN LATERAL pgtrickle.list_sources(name => ?) s ON true
			WHERE st.pgt_schema = ? AND st.pgt_name = ?
			ORDER BY s.source_table""";

	static final String DEPENDENCY_GRAPH = """
			SELECT st.pgt_schema, st.pgt_name, d.source_relid::bigint AS source_oid, d.source_type,
			       sn.nspname::text AS source_schema, sc.relname::text AS source_name,
			       up.pgt_schema AS upstream_schema, up.pgt_name AS upstream_name
			FROM pgtrickle.pgt_stream_tables st
			LEFT JOIN pgtrickle.pgt_dependencies d ON d.pgt_id = st.pgt_id
			LEFT JOIN pg_catalog.pg_class sc ON sc.oid = d.source_relid
			LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
			LEFT JOIN pgtrickle.pgt_stream_tables up
			       ON d.source_type = 'STREAM_TABLE' AND up.pgt_relid = d.source_relid
			ORDER BY st.pgt_schema, st.pgt_name, d.source_relid""";

	static final String CDC_HEALTH = """
			SELECT c.source_relid::bigint AS source_relid, c.source_table, c.cdc_mode, c.slot_name,
			       c.lag_bytes::bigint AS lag_bytes, c.confirmed_lsn::text AS confirmed_lsn, c.alert, c.selective_capture
			FROM pgtrickle.check_cdc_health() c
			ORDER BY c.source_table""";

	static final String HEALTH_CHECKS = "SELECT h.check_name, h.severity, h.detail FROM pgtrickle.health_check() h";

	static final String CAPABILITIES = """
			WITH functions AS (
			    SELECT p.proname::text AS name, p.proargnames AS arguments
			    FROM pg_catalog.pg_proc p
			    WHERE p.pronamespace = pg_catalog.to_regnamespace('pgtrickle')::oid)
			SELECT e.extversion,
			       ARRAY(SELECT DISTINCT a.arg FROM functions f, unnest(f.arguments) AS a(arg)
			             WHERE f.name = 'create_stream_table' AND a.arg <> '') AS create_arguments,
			       ARRAY(SELECT DISTINCT a.arg FROM functions f, unnest(f.arguments) AS a(arg)
			             WHERE f.name = 'create_or_replace_stream_table' AND a.arg <> '') AS create_or_replace_arguments,
			       ARRAY(SELECT DISTINCT a.arg FROM functions f, unnest(f.arguments) AS a(arg)
			             WHERE f.name = 'alter_stream_table' AND a.arg <> '') AS alter_arguments,
			       ARRAY(SELECT DISTINCT f.name FROM functions f) AS functions
			FROM pg_catalog.pg_extension e
			WHERE e.extname = 'pg_trickle'""";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

	private PgTrickleSql() {
	}

	/**
	 * Return a call of one of the create functions with the options the definition sets.
	 * @param function {@link #CREATE_STREAM_TABLE}, {@link #CREATE_STREAM_TABLE_IF_NOT_EXISTS} or
	 * {@link #CREATE_OR_REPLACE_STREAM_TABLE}
	 * @param definition the definition, whose name is schema-qualified
	 * @param refreshMode the refresh mode to send instead of the definition's, or {@code null}
	 */
	static Call create(String function, StreamTableDefinition definition, @Nullable RefreshMode refreshMode) {
		Call.Builder call = new Call.Builder(function);
		call.argument("name", definition.name().toString());
		call.argument("query", definition.query());
		call.argument("schedule", (definition.schedule() != null) ? definition.schedule().expression() : null);
		RefreshMode mode = (refreshMode != null) ? refreshMode : definition.refreshMode();
		call.argument("refresh_mode", (mode != null) ? mode.name() : null);
		call.argument("initialize", definition.initialize());
		call.argument("diamond_consistency", lower(definition.diamondConsistency()));
		call.argument("diamond_schedule_policy", lower(definition.diamondSchedulePolicy()));
		call.argument("cdc_mode", lower(definition.cdcMode()));
		call.argument("append_only", definition.appendOnly());
		call.argument("pooler_compatibility_mode", definition.poolerCompatibilityMode());
		call.argument("partition_by", definition.partitionBy());
		call.argument("max_differential_joins", definition.maxDifferentialJoins());
		call.argument("max_delta_fraction", definition.maxDeltaFraction());
		call.argument("output_distribution_column", definition.outputDistributionColumn());
		call.argument("temporal", definition.temporal());
		call.argument("storage_backend", definition.storageBackend());
		call.argument("fillfactor", definition.fillfactor());
		call.argument("target_freshness", definition.targetFreshness());
		call.argument("orchestration_mode", definition.orchestrationMode());
		return call.build();
	}

	/**
	 * Return a call of {@code alter_stream_table} with the options the alteration sets.
	 * @param name the schema-qualified stream table
	 * @param alteration the alteration, whose refresh mode is not {@link RefreshMode#AUTO}
	 */
	static Call alter(StreamTableName name, StreamTableAlteration alteration) {
		Call.Builder call = new Call.Builder(ALTER_STREAM_TABLE);
		call.argument("name", name.toString());
		call.argument("query", alteration.query());
		call.argument("schedule", (alteration.schedule() != null) ? alteration.schedule().expression() : null);
		call.argument("refresh_mode", (alteration.refreshMode() != null) ? alteration.refreshMode().name() : null);
		call.argument("status", (alteration.status() != null) ? alteration.status().name() : null);
		call.argument("diamond_consistency", lower(alteration.diamondConsistency()));
		call.argument("diamond_schedule_policy", lower(alteration.diamondSchedulePolicy()));
		call.argument("cdc_mode", lower(alteration.cdcMode()));
		call.argument("append_only", alteration.appendOnly());
		call.argument("pooler_compatibility_mode", alteration.poolerCompatibilityMode());
		call.argument("tier", lower(alteration.tier()));
		call.argument("fuse", alteration.fuse());
		call.argument("fuse_ceiling", alteration.fuseCeiling());
		call.argument("fuse_sensitivity", alteration.fuseSensitivity());
		call.argument("partition_by", alteration.partitionBy());
		call.argument("max_differential_joins", alteration.maxDifferentialJoins());
		call.argument("max_delta_fraction", alteration.maxDeltaFraction());
		call.argument("post_refresh_action", alteration.postRefreshAction());
		call.argument("reindex_drift_threshold", alteration.reindexDriftThreshold());
		call.argument("target_freshness", alteration.targetFreshness());
		return call.build();
	}

	private static @Nullable String lower(@Nullable Enum<?> value) {
		return (value != null) ? value.name().toLowerCase(Locale.ROOT) : null;
	}

	/**
	 * A statement and the values to bind to its parameters, in order.
	 *
	 * @param sql the statement
	 * @param arguments the values; {@link String}, {@link Boolean}, {@link Integer}, {@link Long} or
	 * {@link Double}
	 * @param argumentNames the names of the function arguments, for a function call
	 */
	record Call(String sql, List<Object> arguments, List<String> argumentNames) {

		static Call of(String sql, Object... arguments) {
			return new Call(sql, List.of(arguments), List.of());
		}

		static final class Builder {

			private final String function;

			private final List<String> names = new ArrayList<>();

			private final List<Object> values = new ArrayList<>();

			Builder(String function) {
				this.function = function;
			}

			void argument(String name, @Nullable Object value) {
				if (!IDENTIFIER.matcher(name).matches()) {
					throw new IllegalStateException("Invalid argument name " + name);
				}
				if (value != null) {
					this.names.add(name);
					this.values.add(value);
				}
			}

			Call build() {
				if (!IDENTIFIER.matcher(this.function).matches()) {
					throw new IllegalStateException("Invalid function name " + this.function);
				}
				StringBuilder sql = new StringBuilder("SELECT pgtrickle.").append(this.function).append('(');
				for (int i = 0; i < this.names.size(); i++) {
					sql.append((i > 0) ? ", " : "").append(this.names.get(i)).append(" => ?");
				}
				sql.append(')');
				return new Call(sql.toString(), Collections.unmodifiableList(new ArrayList<>(this.values)),
						List.copyOf(this.names));
			}

		}

	}

}
