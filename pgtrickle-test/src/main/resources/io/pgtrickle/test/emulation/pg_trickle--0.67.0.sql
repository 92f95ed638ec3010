/*
 * pg_trickle--0.67.0.sql -- pgtrickle-spring-boot EMULATION of the pg_trickle
 * 0.67.0 SQL API, for tests only.
 *
 * This is NOT pg_trickle. It is a pure SQL / PL/pgSQL stand-in that installs
 * into a stock PostgreSQL 18 (CREATE EXTENSION pg_trickle) and reproduces the
 * 0.67.0 contract as seen by a client: schemas, catalog tables and views with
 * the same columns, functions with the same names, argument names, types,
 * defaults, STRICT-ness and result columns, the same statuses, error
 * SQLSTATEs and message texts, the storage-table shape, the DML guard and the
 * pg_trickle_alert notifications.
 *
 * Every refresh is done by FULL RECOMPUTATION of the defining query; the
 * result is applied to the storage table as a multiset diff (rows that
 * disappeared are deleted, new rows are inserted).  There is no background
 * worker: a test harness calls CALL pgtrickle_emulation.scheduler_tick()
 * from a connection whose application_name is 'pg_trickle scheduler'.
 *
 * Everything that exists only in the emulation lives in schema
 * pgtrickle_emulation; its presence is how a client recognises the emulation.
 *
 * Known divergences from the real extension are listed in docs/emulation.md
 * of the pgtrickle-spring-boot repository.
 */

-- ---------------------------------------------------------------------------
-- Schemas
-- ---------------------------------------------------------------------------
CREATE SCHEMA pgtrickle;
CREATE SCHEMA pgtrickle_changes;
REVOKE ALL ON SCHEMA pgtrickle_changes FROM PUBLIC;
CREATE SCHEMA pgtrickle_emulation;
COMMENT ON SCHEMA pgtrickle_emulation IS
    'pgtrickle-spring-boot test emulation of pg_trickle 0.67.0 (internal helpers and the scheduler tick procedure)';
-- The helpers run with the caller's privileges, exactly like the real
-- functions; callers that may use pgtrickle.* may use the helpers too.
GRANT USAGE ON SCHEMA pgtrickle_emulation TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Catalog tables (same shapes as the 0.67.0 fresh-install script)
-- ---------------------------------------------------------------------------
CREATE TABLE pgtrickle.pgt_refresh_groups (
    group_id    serial PRIMARY KEY,
    group_name  text NOT NULL UNIQUE,
    member_oids oid[] NOT NULL,
    isolation   text NOT NULL DEFAULT 'read_committed'
                CHECK (isolation IN ('read_committed', 'repeatable_read')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pgtrickle.pgt_stream_tables (
    pgt_id                 bigserial PRIMARY KEY,
    pgt_relid              oid NOT NULL UNIQUE,
    pgt_name               text NOT NULL,
    pgt_schema             text NOT NULL,
    defining_query         text NOT NULL,
    original_query         text,
    schedule               text,
    refresh_mode           text NOT NULL DEFAULT 'DIFFERENTIAL'
                           CHECK (refresh_mode IN ('FULL', 'DIFFERENTIAL', 'IMMEDIATE')),
    status                 text NOT NULL DEFAULT 'INITIALIZING'
                           CHECK (status IN ('INITIALIZING', 'ACTIVE', 'SUSPENDED', 'ERROR')),
    is_populated           boolean NOT NULL DEFAULT false,
    data_timestamp         timestamptz,
    frontier               jsonb,
    last_refresh_at        timestamptz,
    consecutive_errors     integer NOT NULL DEFAULT 0,
    needs_reinit           boolean NOT NULL DEFAULT false,
    auto_threshold         double precision,
    last_full_ms           double precision,
    functions_used         text[],
    topk_limit             integer,
    topk_order_by          text,
    topk_offset            integer,
    diamond_consistency    text NOT NULL DEFAULT 'atomic'
                           CHECK (diamond_consistency IN ('none', 'atomic')),
    diamond_schedule_policy text NOT NULL DEFAULT 'fastest'
                           CHECK (diamond_schedule_policy IN ('fastest', 'slowest')),
    has_keyless_source     boolean NOT NULL DEFAULT false,
    function_hashes        text,
    requested_cdc_mode     text
                           CHECK (requested_cdc_mode IN ('auto', 'trigger', 'wal')),
    is_append_only         boolean NOT NULL DEFAULT false,
    scc_id                 integer,
    last_fixpoint_iterations integer,
    max_differential_joins integer,
    max_delta_fraction     double precision,
    pooler_compatibility_mode boolean NOT NULL DEFAULT false,
    refresh_tier           text NOT NULL DEFAULT 'hot'
                           CHECK (refresh_tier IN ('hot', 'warm', 'cold', 'frozen')),
    effective_refresh_mode text,
    fuse_mode              text NOT NULL DEFAULT 'off'
                           CHECK (fuse_mode IN ('off', 'on', 'auto')),
    fuse_state             text NOT NULL DEFAULT 'armed'
                           CHECK (fuse_state IN ('armed', 'blown', 'disabled')),
    fuse_ceiling           bigint,
    fuse_sensitivity       integer,
    blown_at               timestamptz,
    blow_reason            text,
    last_error_message     text,
    last_error_at          timestamptz,
    downstream_publication_name text,
    freshness_deadline_ms  bigint,
    st_partition_key       text,
    st_placement           text NOT NULL DEFAULT 'local',
    temporal_mode          boolean NOT NULL DEFAULT false,
    storage_backend        text NOT NULL DEFAULT 'heap',
    post_refresh_action    text NOT NULL DEFAULT 'none'
                           CHECK (post_refresh_action IN ('none', 'analyze', 'reindex', 'reindex_if_drift')),
    reindex_drift_threshold double precision
                           CHECK (reindex_drift_threshold IS NULL
                                  OR (reindex_drift_threshold > 0 AND reindex_drift_threshold <= 1.0)),
    rows_changed_since_last_reindex bigint NOT NULL DEFAULT 0,
    last_reindex_at        timestamptz,
    column_lineage         jsonb,
    defining_query_hash    bigint NOT NULL DEFAULT 0,
    ducklake_compaction_policy text DEFAULT NULL
                           CHECK (ducklake_compaction_policy IN ('fallback', 'error')),
    ducklake_sink_mode     text DEFAULT NULL
                           CHECK (ducklake_sink_mode IS NULL OR ducklake_sink_mode IN ('append', 'replace')),
    ducklake_sink_path     text DEFAULT NULL,
    ducklake_sink_table_id bigint DEFAULT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_pgt_status ON pgtrickle.pgt_stream_tables (status);
CREATE UNIQUE INDEX idx_pgt_name ON pgtrickle.pgt_stream_tables (pgt_schema, pgt_name);
CREATE INDEX idx_pgt_relid ON pgtrickle.pgt_stream_tables (pgt_relid);

CREATE TABLE pgtrickle.pgt_dependencies (
    pgt_id                bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    source_relid          oid NOT NULL,
    source_type           text NOT NULL
                          CHECK (source_type IN ('TABLE', 'STREAM_TABLE', 'VIEW', 'MATVIEW', 'FOREIGN_TABLE')),
    columns_used          text[],
    column_snapshot       jsonb,
    schema_fingerprint    text,
    cdc_mode              text NOT NULL DEFAULT 'TRIGGER'
                          CHECK (cdc_mode IN ('TRIGGER', 'TRANSITIONING', 'WAL', 'DUCKLAKE_CHANGE_FEED')),
    slot_name             text,
    decoder_confirmed_lsn pg_lsn,
    transition_started_at timestamptz,
    source_stable_name    text,
    source_placement      text NOT NULL DEFAULT 'local',
    PRIMARY KEY (pgt_id, source_relid)
);
CREATE INDEX idx_deps_source ON pgtrickle.pgt_dependencies (source_relid);
CREATE INDEX idx_deps_pgt_id ON pgtrickle.pgt_dependencies (pgt_id);

CREATE TABLE pgtrickle.pgt_refresh_history (
    refresh_id          bigserial PRIMARY KEY,
    pgt_id              bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    data_timestamp      timestamptz NOT NULL,
    start_time          timestamptz NOT NULL,
    end_time            timestamptz,
    action              text NOT NULL
                        CHECK (action IN ('NO_DATA', 'FULL', 'DIFFERENTIAL', 'REINITIALIZE', 'SKIP')),
    rows_inserted       bigint DEFAULT 0,
    rows_deleted        bigint DEFAULT 0,
    delta_row_count     bigint DEFAULT 0,
    merge_strategy_used text,
    was_full_fallback   boolean NOT NULL DEFAULT false,
    error_message       text,
    status              text NOT NULL
                        CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED')),
    initiated_by        text
                        CHECK (initiated_by IN ('SCHEDULER', 'MANUAL', 'INITIAL', 'SELF_MONITOR')),
    freshness_deadline  timestamptz,
    tick_watermark_lsn  pg_lsn,
    fixpoint_iteration  integer
);
CREATE INDEX idx_hist_pgt_ts ON pgtrickle.pgt_refresh_history (pgt_id, data_timestamp);
CREATE INDEX idx_hist_pgt_start ON pgtrickle.pgt_refresh_history (pgt_id, start_time);

CREATE TABLE pgtrickle.pgt_change_tracking (
    source_relid       oid PRIMARY KEY,
    slot_name          text NOT NULL,
    last_consumed_lsn  pg_lsn,
    tracked_by_pgt_ids bigint[],
    source_stable_name text,
    source_placement   text NOT NULL DEFAULT 'local',
    frontier_per_node  jsonb
);

CREATE TABLE pgtrickle.pgt_scheduler_jobs (
    job_id         bigserial PRIMARY KEY,
    dag_version    bigint NOT NULL,
    unit_key       text NOT NULL,
    unit_kind      text NOT NULL
                   CHECK (unit_kind IN ('singleton', 'atomic_group', 'immediate_closure',
                                        'cyclic_scc', 'repeatable_read_group', 'fused_chain')),
    member_pgt_ids bigint[] NOT NULL,
    root_pgt_id    bigint NOT NULL,
    status         text NOT NULL DEFAULT 'QUEUED'
                   CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED',
                                     'RETRYABLE_FAILED', 'PERMANENT_FAILED', 'CANCELLED')),
    scheduler_pid  integer NOT NULL,
    worker_pid     integer,
    attempt_no     integer NOT NULL DEFAULT 1,
    enqueued_at    timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    outcome_detail text,
    retryable      boolean
);
CREATE INDEX idx_sched_jobs_status_enqueued ON pgtrickle.pgt_scheduler_jobs (status, enqueued_at);
CREATE INDEX idx_sched_jobs_unit_status ON pgtrickle.pgt_scheduler_jobs (unit_key, status);
CREATE INDEX idx_sched_jobs_finished ON pgtrickle.pgt_scheduler_jobs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE pgtrickle.pgt_source_gates (
    source_relid oid PRIMARY KEY,
    gated        boolean NOT NULL DEFAULT true,
    gated_at     timestamptz NOT NULL DEFAULT now(),
    ungated_at   timestamptz,
    gated_by     text
);

CREATE TABLE pgtrickle.pgt_watermarks (
    source_relid       oid PRIMARY KEY,
    watermark          timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    advanced_by        text,
    wal_lsn_at_advance text
);

CREATE TABLE pgtrickle.pgt_watermark_groups (
    group_id       serial PRIMARY KEY,
    group_name     text UNIQUE NOT NULL,
    source_relids  oid[] NOT NULL,
    tolerance_secs double precision NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pgtrickle.pgt_schema_version (
    version     text PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    description text
);
INSERT INTO pgtrickle.pgt_schema_version (version, description)
VALUES ('0.19.0', 'Initial schema version tracking');

CREATE TABLE pgtrickle.pgt_st_locks (
    lock_key    text NOT NULL,
    holder      text NOT NULL,
    acquired_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    CONSTRAINT pgt_st_locks_pkey PRIMARY KEY (lock_key)
);

CREATE TABLE pgtrickle.pgt_worker_slots (
    pgt_id        bigint NOT NULL REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    source_relid  oid NOT NULL,
    worker_name   text NOT NULL,
    worker_port   integer NOT NULL DEFAULT 5432,
    slot_name     text NOT NULL,
    last_frontier text,
    CONSTRAINT pgt_worker_slots_pkey PRIMARY KEY (pgt_id, source_relid, worker_name, worker_port)
);

CREATE UNLOGGED TABLE pgtrickle.pgt_template_cache (
    pgt_id        bigint PRIMARY KEY REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    query_hash    bigint NOT NULL,
    delta_sql     text NOT NULL,
    columns       text[] NOT NULL,
    source_oids   integer[] NOT NULL,
    is_dedup      boolean NOT NULL DEFAULT false,
    key_changed   boolean NOT NULL DEFAULT false,
    all_algebraic boolean NOT NULL DEFAULT false,
    cached_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pgtrickle.pgt_ducklake_provenance (
    provenance_id        bigserial PRIMARY KEY,
    stream_table_oid     bigint NOT NULL,
    stream_table_name    text NOT NULL,
    ducklake_snapshot_id bigint NOT NULL,
    refresh_id           bigint NOT NULL DEFAULT 0,
    delta_row_count      bigint NOT NULL DEFAULT 0,
    written_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_provenance_st_oid ON pgtrickle.pgt_ducklake_provenance (stream_table_oid, written_at DESC);
CREATE INDEX idx_provenance_snapshot ON pgtrickle.pgt_ducklake_provenance (ducklake_snapshot_id);

CREATE TABLE pgtrickle.pgt_distance_subscriptions (
    stream_table  text NOT NULL,
    channel       text NOT NULL,
    vector_column text NOT NULL,
    query_vector  text NOT NULL,
    op            text NOT NULL CHECK (op IN ('<->', '<=>', '<#>', '<+>', '<<->>', '<<%>>')),
    threshold     double precision NOT NULL CHECK (threshold > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream_table, channel)
);

CREATE TABLE pgtrickle.pgt_outbox_config (
    stream_table_oid        oid NOT NULL PRIMARY KEY,
    stream_table_name       text NOT NULL,
    tide_outbox_name        text NOT NULL,
    embedding_vector_column text,
    created_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_pgt_outbox_config_name ON pgtrickle.pgt_outbox_config (stream_table_name);

SELECT pg_catalog.pg_extension_config_dump('pgtrickle.pgt_stream_tables', '');
SELECT pg_catalog.pg_extension_config_dump('pgtrickle.pgt_dependencies', '');
SELECT pg_catalog.pg_extension_config_dump('pgtrickle.pgt_source_gates', '');
SELECT pg_catalog.pg_extension_config_dump('pgtrickle.pgt_watermarks', '');
SELECT pg_catalog.pg_extension_config_dump('pgtrickle.pgt_watermark_groups', '');
SELECT pg_catalog.pg_extension_config_dump('pgtrickle.pgt_st_locks', '');
SELECT pg_catalog.pg_extension_config_dump('pgtrickle.pgt_worker_slots', '');
SELECT pg_catalog.pg_extension_config_dump('pgtrickle.pgt_ducklake_provenance', '');

-- ---------------------------------------------------------------------------
-- Emulation-only state (stands in for the real extension's shared memory)
-- ---------------------------------------------------------------------------
-- Stream tables marked by pause_scheduler() (shared memory in the real one).
CREATE TABLE pgtrickle_emulation.paused_nodes (
    pgt_id    bigint PRIMARY KEY REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    paused_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- GUC defaults.  The real library registers its pg_trickle.* GUCs when it is
-- preloaded; a pure-SQL emulation cannot.  The embedded backend sets them in
-- the server's configuration instead (EmbeddedPgTrickle), and every read in
-- this script tolerates an unset setting by falling back to the default.
-- ---------------------------------------------------------------------------

-- ===========================================================================
-- Emulation helpers: GUCs, errors, names, JSON, alerts
-- ===========================================================================

-- Read a pg_trickle.* placeholder GUC, falling back to the real default when
-- it is unset or empty.
CREATE FUNCTION pgtrickle_emulation.guc(p_name text, p_default text)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('pg_trickle.' || p_name, true), ''), p_default)
$$;

CREATE FUNCTION pgtrickle_emulation.guc_bool(p_name text, p_default boolean)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE lower(pgtrickle_emulation.guc(p_name, CASE WHEN p_default THEN 'on' ELSE 'off' END))
               WHEN 'on' THEN true WHEN 'true' THEN true WHEN 'yes' THEN true WHEN '1' THEN true
               WHEN 't' THEN true WHEN 'y' THEN true
               WHEN 'off' THEN false WHEN 'false' THEN false WHEN 'no' THEN false WHEN '0' THEN false
               WHEN 'f' THEN false WHEN 'n' THEN false
               ELSE p_default END
$$;

CREATE FUNCTION pgtrickle_emulation.guc_int(p_name text, p_default integer)
RETURNS integer LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN pgtrickle_emulation.guc(p_name, p_default::text)::integer;
EXCEPTION WHEN others THEN
    RETURN p_default;
END;
$$;

-- Raise a pg_trickle-level error the way the real extension maps its error
-- enum to SQLSTATE / message / DETAIL / HINT (src/api/mod.rs).
CREATE FUNCTION pgtrickle_emulation.fail(p_kind text, p_msg text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CASE p_kind
    WHEN 'invalid_argument' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid argument: ' || p_msg,
            HINT = 'See docs/SQL_REFERENCE.md for valid parameter values and syntax.';
    WHEN 'not_found' THEN
        RAISE EXCEPTION USING ERRCODE = '42P01', MESSAGE = 'stream table not found: ' || p_msg,
            HINT = 'Use pgtrickle.pgt_status() to list existing stream tables. Ensure the name is schema-qualified (e.g., ''public.my_table'').';
    WHEN 'already_exists' THEN
        RAISE EXCEPTION USING ERRCODE = '42P07', MESSAGE = 'stream table already exists: ' || p_msg,
            HINT = 'Use pgtrickle.alter_stream_table() to modify an existing stream table, or pgtrickle.drop_stream_table() to remove it first.';
    WHEN 'permission' THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'permission denied: ' || p_msg,
            HINT = 'Only the owner of the stream table''s storage table (or a superuser) can drop or alter the stream table.';
    WHEN 'query_parse' THEN
        RAISE EXCEPTION USING ERRCODE = '42000', MESSAGE = 'query parse error: ' || p_msg,
            DETAIL = 'The defining query could not be validated or rewritten. This can happen when the query references objects that do not exist yet, uses types incompatible with the storage schema, or triggers a validation check.',
            HINT = 'Verify the query runs successfully as a standalone SELECT before creating the stream table. Check that all referenced tables and columns exist.';
    WHEN 'unsupported' THEN
        RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = 'unsupported operator for DIFFERENTIAL mode: ' || p_msg,
            DETAIL = 'DIFFERENTIAL mode supports SELECT, WHERE, simple JOINs (INNER/LEFT/RIGHT), GROUP BY, HAVING, ORDER BY, and LIMIT. CTEs (WITH …), FULL OUTER JOINs, window functions without a writable equivalent, and certain aggregate forms are not supported.',
            HINT = 'Use refresh_mode = ''FULL'' or refresh_mode = ''AUTO'' to handle queries that contain unsupported constructs. AUTO will try DIFFERENTIAL first and fall back to FULL when needed.';
    WHEN 'cycle' THEN
        RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = 'cycle detected in dependency graph: ' || p_msg,
            DETAIL = 'Stream tables form a directed acyclic graph (DAG). Adding this stream table would introduce a cycle, which is not allowed.',
            HINT = 'Review the defining query and ensure it does not reference any stream table that transitively depends on this table. Use pgtrickle.pgt_dependencies to inspect the current dependency graph.';
    WHEN 'data' THEN
        RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = p_msg;
    ELSE
        RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = p_msg;
    END CASE;
END;
$$;

-- Split a stream-table name at the first '.'; unqualified names go to
-- p_default_schema (current_schema() or 'public' depending on the caller).
-- No quote removal, no case folding (like the real parse_qualified_name).
CREATE FUNCTION pgtrickle_emulation.split_name(p_name text, p_default_schema text,
                                               OUT schema_name text, OUT table_name text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_dot integer := strpos(p_name, '.');
BEGIN
    IF v_dot > 0 THEN
        schema_name := substr(p_name, 1, v_dot - 1);
        table_name := substr(p_name, v_dot + 1);
    ELSE
        schema_name := coalesce(p_default_schema, current_schema()::text, 'public');
        table_name := p_name;
    END IF;
END;
$$;

-- Look a stream table up by (schema, name); raises the 42P01 not-found error
-- when p_raise, returns NULL otherwise.
CREATE FUNCTION pgtrickle_emulation.lookup(p_schema text, p_name text, p_raise boolean DEFAULT true)
RETURNS pgtrickle.pgt_stream_tables LANGUAGE plpgsql STABLE AS $$
DECLARE
    r pgtrickle.pgt_stream_tables;
BEGIN
    SELECT * INTO r FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = p_schema AND pgt_name = p_name;
    IF NOT FOUND THEN
        IF p_raise THEN
            PERFORM pgtrickle_emulation.fail('not_found', p_schema || '.' || p_name);
        END IF;
        RETURN NULL;
    END IF;
    RETURN r;
END;
$$;

-- Render a float the way serde_json renders an f64 (1.0, 2.5, 0.33).
CREATE FUNCTION pgtrickle_emulation.json_f64(x double precision)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN x IS NULL THEN 'null'
                WHEN x = trunc(x) AND abs(x) < 1e16 THEN trunc(x)::numeric::text || '.0'
                ELSE x::text END
$$;

-- Serialize a flat jsonb object the way serde_json::Value::to_string() does
-- for the real extension (keys sorted bytewise, no whitespace).  Nested
-- values are rendered compactly as well.
CREATE FUNCTION pgtrickle_emulation.json_compact(j jsonb)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_out text;
BEGIN
    CASE jsonb_typeof(j)
    WHEN 'object' THEN
        SELECT '{' || coalesce(string_agg(to_json(e.key)::text || ':' || pgtrickle_emulation.json_compact(e.value),
                                          ',' ORDER BY e.key COLLATE "C"), '') || '}'
          INTO v_out FROM jsonb_each(j) e;
        RETURN v_out;
    WHEN 'array' THEN
        SELECT '[' || coalesce(string_agg(pgtrickle_emulation.json_compact(e.value), ',' ORDER BY e.ord), '') || ']'
          INTO v_out FROM jsonb_array_elements(j) WITH ORDINALITY e(value, ord);
        RETURN v_out;
    ELSE
        RETURN j::text;
    END CASE;
END;
$$;

-- NOTIFY pg_trickle_alert with the payload shape of src/monitor/alert.rs:
-- {"event","pgt_schema","pgt_name","st", ...extra}, cut above 7900 bytes.
-- p_extra values that must render as f64 are passed as pre-rendered JSON
-- fragments in p_raw (key -> literal JSON text).
CREATE FUNCTION pgtrickle_emulation.emit_alert(p_event text, p_schema text, p_name text,
                                               p_extra jsonb, p_skip boolean,
                                               p_raw jsonb DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_obj jsonb;
    v_payload text;
BEGIN
    IF coalesce(p_skip, false) THEN
        RETURN;
    END IF;
    v_obj := jsonb_build_object('event', p_event, 'pgt_schema', p_schema, 'pgt_name', p_name,
                                'st', p_schema || '.' || p_name) || coalesce(p_extra, '{}'::jsonb);
    IF p_raw IS NULL THEN
        v_payload := pgtrickle_emulation.json_compact(v_obj);
    ELSE
        -- Merge pre-rendered fragments (f64 values) while keeping key order.
        SELECT '{' || string_agg(to_json(k)::text || ':' ||
                                 coalesce(p_raw ->> k, pgtrickle_emulation.json_compact(v_obj -> k)),
                                 ',' ORDER BY k COLLATE "C") || '}'
          INTO v_payload
          FROM (SELECT jsonb_object_keys(v_obj || p_raw) AS k) keys;
    END IF;
    IF octet_length(v_payload) > 7900 THEN
        v_payload := left(v_payload, 7890) || '...}';
    END IF;
    PERFORM pg_notify('pg_trickle_alert', v_payload);
END;
$$;

-- Quote an identifier like the real export_definition's quote_ident():
-- leave [a-z_][a-z0-9_]* unquoted, double-quote everything else.
CREATE FUNCTION pgtrickle_emulation.simple_quote(p text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p ~ '^[a-z_][a-z0-9_]*$' THEN p ELSE '"' || replace(p, '"', '""') || '"' END
$$;

-- ===========================================================================
-- Schedules: durations and cron
-- ===========================================================================

-- Duration parser with the exact error texts of src/api/helpers.rs.
CREATE FUNCTION pgtrickle_emulation.parse_duration(p_input text)
RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    s text := btrim(p_input, E' \t\n\r\f\v');
    ch text;
    num_buf text := '';
    total numeric := 0;
    mult bigint;
    found_unit boolean := false;
    i integer;
BEGIN
    IF s = '' THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', 'schedule cannot be empty');
    END IF;
    IF s ~ '^[+-]?[0-9]+$' AND length(ltrim(s, '+-0')) <= 19 THEN
        BEGIN
            IF s::bigint >= 0 THEN
                RETURN s::bigint;
            END IF;
        EXCEPTION WHEN numeric_value_out_of_range THEN
            NULL;
        END;
        IF left(s, 1) = '-' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format('schedule cannot be negative: ''%s''', s));
        END IF;
    END IF;
    FOR i IN 1 .. length(s) LOOP
        ch := substr(s, i, 1);
        IF ch BETWEEN '0' AND '9' THEN
            num_buf := num_buf || ch;
        ELSE
            mult := CASE ch WHEN 's' THEN 1 WHEN 'm' THEN 60 WHEN 'h' THEN 3600
                            WHEN 'd' THEN 86400 WHEN 'w' THEN 604800 ELSE NULL END;
            IF mult IS NULL THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                    'invalid duration unit ''%s'' in ''%s''. Use s (seconds), m (minutes), h (hours), d (days), w (weeks). Example: ''5m'', ''1h30m'', ''2d''',
                    ch, s));
            END IF;
            IF num_buf = '' THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                    'expected a number before ''%s'' in duration ''%s''', ch, s));
            END IF;
            IF num_buf::numeric > 9223372036854775807 THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                    'invalid number ''%s'' in duration ''%s''', num_buf, s));
            END IF;
            IF num_buf::numeric * mult > 9223372036854775807 THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                    'duration value ''%s%s'' overflows i64 seconds in ''%s''', num_buf, ch, s));
            END IF;
            total := total + num_buf::numeric * mult;
            IF total > 9223372036854775807 THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                    'total duration ''%s'' overflows i64 seconds', s));
            END IF;
            num_buf := '';
            found_unit := true;
        END IF;
    END LOOP;
    IF num_buf <> '' THEN
        IF found_unit THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                'trailing digits ''%s'' without a unit in duration ''%s''. Append s, m, h, d, or w. Example: ''1h30m''',
                num_buf, s));
        END IF;
        PERFORM pgtrickle_emulation.fail('invalid_argument', format('invalid duration ''%s''', s));
    END IF;
    RETURN total::bigint;
END;
$$;

-- Parse one cron field into the sorted array of allowed values.
-- Supports *, ?, lists, ranges, steps (*/n, a-b/n, a/n) and names.
CREATE FUNCTION pgtrickle_emulation.cron_field(p_field text, p_min integer, p_max integer,
                                               p_names text[] DEFAULT NULL, p_name_base integer DEFAULT 0,
                                               p_expr text DEFAULT NULL, p_label text DEFAULT NULL)
RETURNS integer[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    part text;
    rng text;
    step integer;
    lo integer;
    hi integer;
    vals integer[] := '{}';
    v integer;
    m text[];
    hi_limit integer := p_max;
BEGIN
    IF p_field IS NULL OR p_field = '' THEN
        RAISE EXCEPTION 'empty % field', p_label;
    END IF;
    -- day-of-week accepts 7 as an alias of Sunday
    IF p_label = 'day-of-week' THEN
        hi_limit := 7;
    END IF;
    FOREACH part IN ARRAY string_to_array(upper(p_field), ',') LOOP
        IF part = '' THEN
            RAISE EXCEPTION 'empty list element in % field ''%''', p_label, p_field;
        END IF;
        step := 1;
        rng := part;
        IF strpos(part, '/') > 0 THEN
            rng := split_part(part, '/', 1);
            IF split_part(part, '/', 2) !~ '^[0-9]+$' OR split_part(part, '/', 3) <> '' THEN
                RAISE EXCEPTION 'invalid step in % field ''%''', p_label, p_field;
            END IF;
            step := split_part(part, '/', 2)::integer;
            IF step < 1 THEN
                RAISE EXCEPTION 'step must be at least 1 in % field ''%''', p_label, p_field;
            END IF;
        END IF;
        IF rng IN ('*', '?') THEN
            lo := p_min; hi := p_max;
        ELSE
            m := regexp_match(rng, '^([0-9A-Z]+)(?:-([0-9A-Z]+))?$');
            IF m IS NULL THEN
                RAISE EXCEPTION 'invalid value ''%'' in % field', part, p_label;
            END IF;
            FOR i IN 1 .. 2 LOOP
                IF m[i] IS NOT NULL AND m[i] !~ '^[0-9]+$' THEN
                    IF p_names IS NULL OR array_position(p_names, m[i]) IS NULL THEN
                        RAISE EXCEPTION 'invalid value ''%'' in % field', m[i], p_label;
                    END IF;
                    m[i] := (array_position(p_names, m[i]) - 1 + p_name_base)::text;
                END IF;
            END LOOP;
            lo := m[1]::integer;
            IF m[2] IS NOT NULL THEN
                hi := m[2]::integer;
            ELSIF strpos(part, '/') > 0 THEN
                hi := p_max;
            ELSE
                hi := lo;
            END IF;
            IF lo < p_min OR lo > hi_limit OR hi < p_min OR hi > hi_limit THEN
                RAISE EXCEPTION 'value out of range (%-%) in % field ''%''', p_min, p_max, p_label, p_field;
            END IF;
            IF lo > hi THEN
                RAISE EXCEPTION 'invalid range % in % field', rng, p_label;
            END IF;
        END IF;
        v := lo;
        WHILE v <= hi LOOP
            vals := vals || CASE WHEN p_label = 'day-of-week' AND v = 7 THEN 0 ELSE v END;
            v := v + step;
        END LOOP;
    END LOOP;
    SELECT array_agg(DISTINCT x ORDER BY x) INTO vals FROM unnest(vals) x;
    RETURN vals;
END;
$$;

-- Parse a cron expression (5 or 6 fields, or an @alias) into its value sets.
-- Returns jsonb {sec, min, hour, dom, mon, dow, dom_star, dow_star}.
CREATE FUNCTION pgtrickle_emulation.cron_parse(p_expr text)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    e text := btrim(p_expr);
    f text[];
    months text[] := ARRAY['JAN','FEB','MAR','APR','MAY','JUN','JUL','AUG','SEP','OCT','NOV','DEC'];
    days text[] := ARRAY['SUN','MON','TUE','WED','THU','FRI','SAT'];
BEGIN
    IF left(e, 1) = '@' THEN
        e := CASE lower(e)
                WHEN '@yearly' THEN '0 0 1 1 *'
                WHEN '@annually' THEN '0 0 1 1 *'
                WHEN '@monthly' THEN '0 0 1 * *'
                WHEN '@weekly' THEN '0 0 * * 0'
                WHEN '@daily' THEN '0 0 * * *'
                WHEN '@midnight' THEN '0 0 * * *'
                WHEN '@hourly' THEN '0 * * * *'
                ELSE NULL END;
        IF e IS NULL THEN
            RAISE EXCEPTION 'unknown nickname ''%''', btrim(p_expr);
        END IF;
    END IF;
    f := regexp_split_to_array(e, '\s+');
    IF array_length(f, 1) = 5 THEN
        f := ARRAY['0'] || f;
    END IF;
    IF array_length(f, 1) <> 6 THEN
        RAISE EXCEPTION 'expected 5 or 6 fields';
    END IF;
    RETURN jsonb_build_object(
        'sec',  to_jsonb(pgtrickle_emulation.cron_field(f[1], 0, 59, NULL, 0, e, 'seconds')),
        'min',  to_jsonb(pgtrickle_emulation.cron_field(f[2], 0, 59, NULL, 0, e, 'minute')),
        'hour', to_jsonb(pgtrickle_emulation.cron_field(f[3], 0, 23, NULL, 0, e, 'hour')),
        'dom',  to_jsonb(pgtrickle_emulation.cron_field(f[4], 1, 31, NULL, 0, e, 'day-of-month')),
        'mon',  to_jsonb(pgtrickle_emulation.cron_field(f[5], 1, 12, months, 1, e, 'month')),
        'dow',  to_jsonb(pgtrickle_emulation.cron_field(f[6], 0, 6, days, 0, e, 'day-of-week')),
        'dom_star', f[4] IN ('*', '?'),
        'dow_star', f[6] IN ('*', '?'));
END;
$$;

-- Validate a cron schedule with the real error texts.
CREATE FUNCTION pgtrickle_emulation.validate_cron(p_expr text)
RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    n integer;
    msg text;
BEGIN
    IF left(p_expr, 1) <> '@' THEN
        n := coalesce(array_length(regexp_split_to_array(btrim(p_expr, E' \t\n\r\f\v'), '\s+'), 1), 0);
        IF n <> 5 AND n <> 6 THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                'invalid cron expression ''%s'': expected 5 or 6 fields, got %s', p_expr, n));
        END IF;
    END IF;
    BEGIN
        PERFORM pgtrickle_emulation.cron_parse(p_expr);
    EXCEPTION WHEN raise_exception THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
        PERFORM pgtrickle_emulation.fail('invalid_argument', format('invalid cron expression ''%s'': %s', p_expr, msg));
    END;
END;
$$;

-- Next cron occurrence strictly after p_after (evaluated in UTC like croner
-- with chrono::Utc).  Day-of-month and day-of-week combine with OR when both
-- are restricted (Vixie cron semantics).
CREATE FUNCTION pgtrickle_emulation.cron_next(p_expr text, p_after timestamptz)
RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
DECLARE
    c jsonb := pgtrickle_emulation.cron_parse(p_expr);
    secs integer[] := ARRAY(SELECT jsonb_array_elements_text(c -> 'sec')::integer);
    mins integer[] := ARRAY(SELECT jsonb_array_elements_text(c -> 'min')::integer);
    hours integer[] := ARRAY(SELECT jsonb_array_elements_text(c -> 'hour')::integer);
    doms integer[] := ARRAY(SELECT jsonb_array_elements_text(c -> 'dom')::integer);
    mons integer[] := ARRAY(SELECT jsonb_array_elements_text(c -> 'mon')::integer);
    dows integer[] := ARRAY(SELECT jsonb_array_elements_text(c -> 'dow')::integer);
    dom_star boolean := (c ->> 'dom_star')::boolean;
    dow_star boolean := (c ->> 'dow_star')::boolean;
    t timestamp := date_trunc('second', p_after AT TIME ZONE 'UTC') + interval '1 second';
    d date;
    day_ok boolean;
    h integer; mi integer; s integer;
    guard integer := 0;
BEGIN
    d := t::date;
    LOOP
        guard := guard + 1;
        IF guard > 3000 THEN
            RETURN NULL;   -- no occurrence within ~8 years (e.g. 31 February)
        END IF;
        IF extract(month FROM d)::integer = ANY (mons) THEN
            IF dom_star AND dow_star THEN
                day_ok := true;
            ELSIF dom_star THEN
                day_ok := extract(dow FROM d)::integer = ANY (dows);
            ELSIF dow_star THEN
                day_ok := extract(day FROM d)::integer = ANY (doms);
            ELSE
                day_ok := extract(day FROM d)::integer = ANY (doms) OR extract(dow FROM d)::integer = ANY (dows);
            END IF;
            IF day_ok THEN
                FOREACH h IN ARRAY hours LOOP
                    CONTINUE WHEN d + make_time(h, 59, 59) < t;
                    FOREACH mi IN ARRAY mins LOOP
                        CONTINUE WHEN d + make_time(h, mi, 59) < t;
                        FOREACH s IN ARRAY secs LOOP
                            IF d + make_time(h, mi, s) >= t THEN
                                RETURN (d + make_time(h, mi, s)) AT TIME ZONE 'UTC';
                            END IF;
                        END LOOP;
                    END LOOP;
                END LOOP;
            END IF;
        END IF;
        d := d + 1;
    END LOOP;
END;
$$;

-- Validate a non-'calculated' schedule string (duration or cron); returns the
-- trimmed string that is stored in the catalog.
CREATE FUNCTION pgtrickle_emulation.check_schedule(p_schedule text)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    s text := btrim(p_schedule, E' \t\n\r\f\v');
    secs bigint;
    min_secs integer;
BEGIN
    IF s = '' THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', 'schedule cannot be empty');
    END IF;
    IF left(s, 1) = '@' OR strpos(s, ' ') > 0 THEN
        PERFORM pgtrickle_emulation.validate_cron(s);
        RETURN s;
    END IF;
    secs := pgtrickle_emulation.parse_duration(s);
    min_secs := pgtrickle_emulation.guc_int('min_schedule_seconds', 1);
    IF secs < min_secs THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', format('schedule must be at least %ss, got %ss', min_secs, secs));
    END IF;
    RETURN s;
END;
$$;

-- Duration seconds of a schedule, NULL for cron / calculated / invalid.
CREATE FUNCTION pgtrickle_emulation.try_duration(p_schedule text)
RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_schedule IS NULL OR p_schedule ~ '[\s@]' THEN
        RETURN NULL;
    END IF;
    RETURN pgtrickle_emulation.parse_duration(p_schedule);
EXCEPTION WHEN others THEN
    RETURN NULL;
END;
$$;

-- ===========================================================================
-- Query analysis
-- ===========================================================================

-- Minimal SQL lexer: returns the top-level (parenthesis depth 0) tokens that
-- matter to the emulation -- ';' separators and bare words (lower-cased) --
-- with their 1-based character positions.  Skips string literals (incl.
-- E'' strings), quoted identifiers, dollar quotes and comments.
CREATE FUNCTION pgtrickle_emulation.lex_top(p_sql text)
RETURNS TABLE (pos integer, tok text) LANGUAGE plpgsql IMMUTABLE AS $lex$
DECLARE
    ch text[] := string_to_array(p_sql, NULL);
    n integer := coalesce(array_length(ch, 1), 0);
    i integer := 1;
    j integer;
    depth integer := 0;
    c text;
    nx text;
    tag text;
    k integer;
    nest integer;
    estr boolean;
BEGIN
    WHILE i <= n LOOP
        c := ch[i];
        nx := CASE WHEN i < n THEN ch[i + 1] ELSE '' END;
        IF c = '-' AND nx = '-' THEN
            k := strpos(substr(p_sql, i), E'\n');
            IF k = 0 THEN EXIT; END IF;
            i := i + k;
            CONTINUE;
        ELSIF c = '/' AND nx = '*' THEN
            nest := 1;
            i := i + 2;
            WHILE i <= n AND nest > 0 LOOP
                IF ch[i] = '*' AND i < n AND ch[i + 1] = '/' THEN
                    nest := nest - 1; i := i + 2;
                ELSIF ch[i] = '/' AND i < n AND ch[i + 1] = '*' THEN
                    nest := nest + 1; i := i + 2;
                ELSE
                    i := i + 1;
                END IF;
            END LOOP;
            CONTINUE;
        ELSIF c = '''' THEN
            estr := i > 1 AND upper(ch[i - 1]) = 'E' AND (i = 2 OR ch[i - 2] !~ '[A-Za-z0-9_$]');
            i := i + 1;
            WHILE i <= n LOOP
                IF estr AND ch[i] = '\' THEN
                    i := i + 2;
                ELSIF ch[i] = '''' THEN
                    IF i < n AND ch[i + 1] = '''' THEN
                        i := i + 2;
                    ELSE
                        EXIT;
                    END IF;
                ELSE
                    i := i + 1;
                END IF;
            END LOOP;
            i := i + 1;
            CONTINUE;
        ELSIF c = '"' THEN
            i := i + 1;
            WHILE i <= n LOOP
                IF ch[i] = '"' THEN
                    IF i < n AND ch[i + 1] = '"' THEN
                        i := i + 2;
                    ELSE
                        EXIT;
                    END IF;
                ELSE
                    i := i + 1;
                END IF;
            END LOOP;
            i := i + 1;
            CONTINUE;
        ELSIF c = '$' AND (i = 1 OR ch[i - 1] !~ '[A-Za-z0-9_]') THEN
            tag := substring(substr(p_sql, i) FROM '^\$([A-Za-z_][A-Za-z0-9_]*)?\$');
            IF tag IS NOT NULL OR substr(p_sql, i, 2) = '$$' THEN
                tag := '$' || coalesce(tag, '') || '$';
                k := strpos(substr(p_sql, i + length(tag)), tag);
                IF k = 0 THEN EXIT; END IF;
                i := i + length(tag) + k - 1 + length(tag);
                CONTINUE;
            END IF;
            i := i + 1;
            CONTINUE;
        ELSIF c = '(' OR c = '[' THEN
            depth := depth + 1;
        ELSIF c = ')' OR c = ']' THEN
            depth := depth - 1;
        ELSIF c = ';' AND depth = 0 THEN
            pos := i; tok := ';';
            RETURN NEXT;
        ELSIF c ~ '[A-Za-z_]' AND (i = 1 OR ch[i - 1] !~ '[A-Za-z0-9_$]') THEN
            j := i;
            WHILE j < n AND ch[j + 1] ~ '[A-Za-z0-9_$]' LOOP
                j := j + 1;
            END LOOP;
            IF depth = 0 THEN
                pos := i; tok := lower(substr(p_sql, i, j - i + 1));
                RETURN NEXT;
            END IF;
            i := j + 1;
            CONTINUE;
        END IF;
        i := i + 1;
    END LOOP;
END;
$lex$;

-- The non-empty statements of a SQL string (split at top-level ';').
CREATE FUNCTION pgtrickle_emulation.split_statements(p_sql text)
RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    prev integer := 1;
    r record;
    parts text[] := '{}';
    piece text;
BEGIN
    FOR r IN SELECT pos FROM pgtrickle_emulation.lex_top(p_sql) WHERE tok = ';' ORDER BY pos LOOP
        piece := substr(p_sql, prev, r.pos - prev);
        prev := r.pos + 1;
        IF pgtrickle_emulation.strip_comments(piece) ~ '\S' THEN
            parts := parts || btrim(piece, E' \t\n\r\f\v');
        END IF;
    END LOOP;
    piece := substr(p_sql, prev);
    IF pgtrickle_emulation.strip_comments(piece) ~ '\S' THEN
        parts := parts || btrim(piece, E' \t\n\r\f\v');
    END IF;
    RETURN parts;
END;
$$;

-- Remove -- and /* */ comments (approximation used only to detect empty
-- statements).
CREATE FUNCTION pgtrickle_emulation.strip_comments(p text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(regexp_replace(p, '--[^\n]*', '', 'g'), '/\*.*?\*/', '', 'g')
$$;

-- Direct fields of the outermost node of a node-tree text
-- ('{NODE :field value :field value ...}') as a jsonb object name -> text.
CREATE FUNCTION pgtrickle_emulation.node_fields(p_node text)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    ch text[] := string_to_array(p_node, NULL);
    n integer := coalesce(array_length(ch, 1), 0);
    i integer := 1;
    depth integer := 0;
    c text;
    names text[] := '{}';
    starts integer[] := '{}';
    ends integer[] := '{}';
    name_end integer;
    result jsonb := '{}';
    k integer;
    last_close integer := n;
BEGIN
    WHILE i <= n LOOP
        c := ch[i];
        IF c = '\' THEN
            i := i + 2;
            CONTINUE;
        ELSIF c = '{' OR c = '(' THEN
            depth := depth + 1;
        ELSIF c = '}' OR c = ')' THEN
            depth := depth - 1;
            IF depth = 0 THEN
                last_close := i;
                EXIT;
            END IF;
        ELSIF c = ':' AND depth = 1 AND i > 1 AND ch[i - 1] = ' ' THEN
            IF array_length(starts, 1) IS NOT NULL THEN
                ends := ends || (i - 1);
            END IF;
            name_end := i + 1;
            WHILE name_end <= n AND ch[name_end] <> ' ' AND ch[name_end] <> '}' LOOP
                name_end := name_end + 1;
            END LOOP;
            names := names || substr(p_node, i + 1, name_end - i - 1);
            starts := starts || name_end;
            i := name_end;
            CONTINUE;
        END IF;
        i := i + 1;
    END LOOP;
    IF array_length(starts, 1) IS NOT NULL THEN
        ends := ends || (last_close - 1);
        FOR k IN 1 .. array_length(names, 1) LOOP
            result := result || jsonb_build_object(names[k],
                          btrim(substr(p_node, starts[k], ends[k] - starts[k] + 1)));
        END LOOP;
    END IF;
    RETURN result;
END;
$$;

-- Top-level '{...}' items of a node list text '( {...} {...} )'.
CREATE FUNCTION pgtrickle_emulation.node_items(p_list text)
RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    ch text[] := string_to_array(p_list, NULL);
    n integer := coalesce(array_length(ch, 1), 0);
    i integer := 1;
    depth integer := 0;
    c text;
    st integer;
    items text[] := '{}';
BEGIN
    IF p_list IS NULL OR p_list = '<>' THEN
        RETURN items;
    END IF;
    WHILE i <= n LOOP
        c := ch[i];
        IF c = '\' THEN
            i := i + 2;
            CONTINUE;
        ELSIF c = '{' OR c = '(' THEN
            depth := depth + 1;
            IF depth = 2 AND c = '{' THEN
                st := i;
            END IF;
        ELSIF c = '}' OR c = ')' THEN
            IF depth = 2 AND c = '}' THEN
                items := items || substr(p_list, st, i - st + 1);
            END IF;
            depth := depth - 1;
        END IF;
        i := i + 1;
    END LOOP;
    RETURN items;
END;
$$;

-- Unescape a node-tree token (outToken backslash escapes).
CREATE FUNCTION pgtrickle_emulation.node_token(p text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p IS NULL OR p = '<>' THEN NULL
                ELSE regexp_replace(p, '\\(.)', '\1', 'g') END
$$;

-- Source relations of a view's rewrite rule (recursing through views):
-- rows (oid, relkind, via_view, attnames).
CREATE FUNCTION pgtrickle_emulation.view_sources(p_view oid, p_depth integer DEFAULT 0)
RETURNS TABLE (relid oid, relkind "char", via_view boolean, cols text[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r record;
BEGIN
    IF p_depth > 32 THEN
        RETURN;
    END IF;
    FOR r IN
        SELECT d.refobjid AS ref, c.relkind AS kind,
               array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attnum IS NOT NULL) AS cols
          FROM pg_depend d
          JOIN pg_rewrite rw ON rw.oid = d.objid
          JOIN pg_class c ON c.oid = d.refobjid
          LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
         WHERE d.classid = 'pg_rewrite'::regclass
           AND d.refclassid = 'pg_class'::regclass
           AND rw.ev_class = p_view
           AND d.refobjid <> p_view
           AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         GROUP BY d.refobjid, c.relkind
    LOOP
        relid := r.ref; relkind := r.kind; via_view := p_depth > 0; cols := r.cols;
        RETURN NEXT;
        IF r.kind = 'v' THEN
            RETURN QUERY
                SELECT s.relid, s.relkind, true, s.cols
                  FROM pgtrickle_emulation.view_sources(r.ref, p_depth + 1) s;
        END IF;
    END LOOP;
END;
$$;

-- Analyse a defining query.  Creates (and drops) a temporary view over it so
-- PostgreSQL itself parses and analyses the query: native errors (42601,
-- 42P01, 42703, 42883 ...) surface unchanged.  Returns a jsonb document:
--   query          the single statement (trailing ';' removed)
--   columns        [{name, type}]  (types re-derived without typmods)
--   sources        [{oid, source_type, columns, via_view}]
--   has_aggs, has_window, has_distinct, has_distinct_on, grouped,
--   grouping_sets, setop (UNION/INTERSECT/EXCEPT), setop_all, has_sort,
--   has_limit, has_offset, for_update, tablesample, volatility (i/s/v),
--   key_columns [names]  (group key output columns, or NULL = all columns)
--   avg_columns [aliases] (non-DISTINCT AVG outputs)
--   topk {base_query, order_by, limit, offset} when ORDER BY + LIMIT
CREATE FUNCTION pgtrickle_emulation.analyze_query(p_query text)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    stmts text[];
    q text;
    v_view text := '__pgt_emulation_analyze_' || pg_backend_pid();
    v_oid oid;
    tree text;
    top jsonb;
    te jsonb;
    item text;
    cols jsonb := '[]';
    key_cols jsonb := '[]';
    avg_cols jsonb := '[]';
    group_refs integer[] := '{}';
    distinct_refs integer[] := '{}';
    setop jsonb;
    v_setop text;
    v_setop_all boolean := false;
    expr text;
    agg jsonb;
    sources jsonb;
    vol "char";
    res jsonb;
    grouped boolean;
    v_vol integer;
    tail_end integer;
    lim_txt text;
    off_txt text;
    order_pos integer;
    limit_pos integer;
    offset_pos integer;
    fetch_pos integer;
    v_limit bigint;
    v_offset bigint;
    topk jsonb;
BEGIN
    stmts := pgtrickle_emulation.split_statements(coalesce(p_query, ''));
    IF coalesce(array_length(stmts, 1), 0) <> 1 THEN
        PERFORM pgtrickle_emulation.fail('query_parse',
            format('Expected 1 statement, got %s', coalesce(array_length(stmts, 1), 0)));
    END IF;
    q := stmts[1];

    EXECUTE format('CREATE TEMPORARY VIEW %I AS %s', v_view, q);
    v_oid := format('pg_temp.%I', v_view)::regclass::oid;

    SELECT ev_action::text INTO tree FROM pg_rewrite WHERE ev_class = v_oid AND rulename = '_RETURN';
    -- strip the outer list parentheses: '({QUERY ...})'
    tree := substr(tree, 2, length(tree) - 2);
    top := pgtrickle_emulation.node_fields(tree);

    -- output columns, from the view's attributes (no typmods)
    SELECT coalesce(jsonb_agg(jsonb_build_object('name', a.attname::text,
                                                 'type', format_type(a.atttypid, NULL),
                                                 'type_oid', a.atttypid::integer) ORDER BY a.attnum), '[]')
      INTO cols
      FROM pg_attribute a
     WHERE a.attrelid = v_oid AND a.attnum > 0 AND NOT a.attisdropped;

    -- group / distinct references
    IF top ->> 'groupClause' <> '<>' THEN
        SELECT array_agg(m[1]::integer) INTO group_refs
          FROM regexp_matches(top ->> 'groupClause', ':tleSortGroupRef ([0-9]+)', 'g') m;
    END IF;
    IF top ->> 'distinctClause' <> '<>' THEN
        SELECT array_agg(m[1]::integer) INTO distinct_refs
          FROM regexp_matches(top ->> 'distinctClause', ':tleSortGroupRef ([0-9]+)', 'g') m;
    END IF;
    grouped := (top ->> 'hasAggs') = 'true' OR top ->> 'groupClause' <> '<>'
               OR top ->> 'havingQual' <> '<>';

    -- target list: group keys and AVG aggregates
    FOREACH item IN ARRAY pgtrickle_emulation.node_items(top ->> 'targetList') LOOP
        te := pgtrickle_emulation.node_fields(item);
        CONTINUE WHEN te ->> 'resjunk' = 'true';
        IF (te ->> 'ressortgroupref')::integer = ANY (group_refs) THEN
            key_cols := key_cols || to_jsonb(pgtrickle_emulation.node_token(te ->> 'resname'));
        END IF;
        expr := te ->> 'expr';
        IF left(expr, 7) = '{AGGREF' THEN
            agg := pgtrickle_emulation.node_fields(expr);
            IF agg ->> 'aggdistinct' = '<>' AND agg ->> 'aggstar' = 'false'
               AND EXISTS (SELECT 1 FROM pg_proc p
                            WHERE p.oid = (agg ->> 'aggfnoid')::oid AND p.proname = 'avg') THEN
                avg_cols := avg_cols || to_jsonb(pgtrickle_emulation.node_token(te ->> 'resname'));
            END IF;
        END IF;
    END LOOP;
    -- a grouped query whose group keys are not all in the output (or which
    -- has no GROUP BY at all) is keyed by every output column
    IF NOT grouped OR coalesce(array_length(group_refs, 1), 0) = 0
       OR jsonb_array_length(key_cols) < (SELECT count(DISTINCT x) FROM unnest(group_refs) x)
       OR top ->> 'groupingSets' <> '<>' THEN
        key_cols := NULL;
    END IF;

    -- set operations
    IF top ->> 'setOperations' <> '<>' THEN
        setop := pgtrickle_emulation.node_fields(top ->> 'setOperations');
        v_setop := CASE setop ->> 'op' WHEN '1' THEN 'UNION' WHEN '2' THEN 'INTERSECT'
                                       WHEN '3' THEN 'EXCEPT' ELSE NULL END;
        v_setop_all := setop ->> 'all' = 'true';
    END IF;

    -- sources (views recursed)
    WITH vs AS MATERIALIZED (SELECT * FROM pgtrickle_emulation.view_sources(v_oid)),
         agg AS (SELECT vs.relid, min(vs.relkind::text) AS relkind, bool_and(vs.via_view) AS via_view
                   FROM vs GROUP BY vs.relid),
         colz AS (SELECT d.relid, array_agg(a.attname::text ORDER BY a.attnum) AS cols
                    FROM (SELECT DISTINCT vs.relid, cn FROM vs, unnest(vs.cols) cn) d
                    JOIN pg_attribute a ON a.attrelid = d.relid AND a.attname = d.cn
                   GROUP BY d.relid)
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'oid', s.relid::bigint,
               'source_type', CASE WHEN s.relkind IN ('r', 'p') AND EXISTS (
                                        SELECT 1 FROM pgtrickle.pgt_stream_tables st WHERE st.pgt_relid = s.relid)
                                   THEN 'STREAM_TABLE'
                                   WHEN s.relkind IN ('r', 'p') THEN 'TABLE'
                                   WHEN s.relkind = 'v' THEN 'VIEW'
                                   WHEN s.relkind = 'm' THEN 'MATVIEW'
                                   ELSE 'FOREIGN_TABLE' END,
               'relkind', s.relkind,
               'name', n.nspname || '.' || c.relname,
               'columns', to_jsonb(colz.cols),
               'via_view', s.via_view,
               'has_pk', EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = s.relid AND i.indisprimary))
             ORDER BY s.relid), '[]')
      INTO sources
      FROM agg s
      LEFT JOIN colz ON colz.relid = s.relid
      JOIN pg_class c ON c.oid = s.relid
      JOIN pg_namespace n ON n.oid = c.relnamespace;

    -- worst volatility of the functions / operators used anywhere in the
    -- query tree (and in the trees of referenced views).  Built-in functions
    -- are pinned and never appear in pg_depend, so the node tree is scanned.
    SELECT max(CASE p.provolatile WHEN 'v' THEN 3 WHEN 's' THEN 2 ELSE 1 END)
      INTO v_vol
      FROM (SELECT m[1] AS kind, m[2]::oid AS ref
              FROM (SELECT tree AS t
                    UNION ALL
                    SELECT rw.ev_action::text
                      FROM pg_rewrite rw
                     WHERE rw.ev_class IN (SELECT (e ->> 'oid')::oid FROM jsonb_array_elements(sources) e
                                            WHERE e ->> 'source_type' = 'VIEW')) trees,
                   regexp_matches(trees.t, ':(funcid|opno|aggfnoid|winfnoid) ([0-9]+)', 'g') m) refs
      LEFT JOIN pg_operator o ON refs.kind = 'opno' AND o.oid = refs.ref
      JOIN pg_proc p ON p.oid = CASE WHEN refs.kind = 'opno' THEN o.oprcode ELSE refs.ref END;
    vol := CASE v_vol WHEN 3 THEN 'v' WHEN 2 THEN 's' ELSE 'i' END;

    -- TopK: top-level ORDER BY + LIMIT [OFFSET]
    IF top ->> 'sortClause' <> '<>' AND (top ->> 'limitCount' <> '<>' OR top ->> 'limitOffset' <> '<>') THEN
        SELECT max(t.pos) FILTER (WHERE t.tok = 'order' AND t.nxt = 'by'),
               max(t.pos) FILTER (WHERE t.tok = 'limit'),
               max(t.pos) FILTER (WHERE t.tok = 'offset'),
               max(t.pos) FILTER (WHERE t.tok = 'fetch')
          INTO order_pos, limit_pos, offset_pos, fetch_pos
          FROM (SELECT l.pos, l.tok, lead(l.tok) OVER (ORDER BY l.pos) AS nxt
                  FROM pgtrickle_emulation.lex_top(q) l) t;
        IF order_pos IS NOT NULL AND fetch_pos IS NULL AND limit_pos > order_pos
           AND (offset_pos IS NULL OR offset_pos > order_pos) THEN
            tail_end := least(limit_pos, coalesce(offset_pos, limit_pos));
            BEGIN
                IF offset_pos > limit_pos THEN
                    lim_txt := substr(q, limit_pos + 5, offset_pos - limit_pos - 5);
                    off_txt := substr(q, offset_pos + 6);
                ELSIF offset_pos IS NOT NULL THEN
                    off_txt := substr(q, offset_pos + 6, limit_pos - offset_pos - 6);
                    lim_txt := substr(q, limit_pos + 5);
                ELSE
                    lim_txt := substr(q, limit_pos + 5);
                END IF;
                off_txt := regexp_replace(off_txt, '\s+rows?\s*$', '', 'i');
                EXECUTE 'SELECT (' || lim_txt || ')::bigint' INTO v_limit;
                IF off_txt IS NOT NULL THEN
                    EXECUTE 'SELECT (' || off_txt || ')::bigint' INTO v_offset;
                END IF;
            EXCEPTION WHEN others THEN
                v_limit := NULL;
            END;
            IF v_limit IS NOT NULL THEN
                topk := jsonb_build_object(
                    'base_query', btrim(substr(q, 1, order_pos - 1), E' \t\n\r\f\v'),
                    'order_by', btrim(regexp_replace(substr(q, order_pos, tail_end - order_pos),
                                                     '^order\s+by\s+', '', 'i'), E' \t\n\r\f\v'),
                    'limit', v_limit,
                    'offset', v_offset);
            END IF;
        END IF;
    END IF;

    res := jsonb_build_object(
        'query', q,
        'columns', cols,
        'sources', sources,
        'has_aggs', (top ->> 'hasAggs') = 'true',
        'grouped', grouped,
        'grouping_sets', top ->> 'groupingSets' <> '<>',
        'has_window', (top ->> 'hasWindowFuncs') = 'true',
        'has_distinct', top ->> 'distinctClause' <> '<>',
        'has_distinct_on', (top ->> 'hasDistinctOn') = 'true',
        'has_recursive', (top ->> 'hasRecursive') = 'true',
        'setop', v_setop,
        'setop_all', v_setop_all,
        'has_sort', top ->> 'sortClause' <> '<>',
        'has_limit', top ->> 'limitCount' <> '<>',
        'has_offset', top ->> 'limitOffset' <> '<>',
        'for_update', (top ->> 'hasForUpdate') = 'true' OR top ->> 'rowMarks' <> '<>',
        'tablesample', strpos(tree, ':tablesample {') > 0,
        'volatility', vol::text,
        'key_columns', key_cols,
        'avg_columns', avg_cols,
        'topk', topk);

    EXECUTE format('DROP VIEW pg_temp.%I', v_view);
    RETURN res;
END;
$$;

-- ===========================================================================
-- Storage tables, CDC, IMMEDIATE maintenance, refresh by recomputation
-- ===========================================================================

-- Per stream table facts the emulation needs at refresh time (the real
-- extension derives them from its DVM operator tree).
CREATE TABLE pgtrickle_emulation.st_meta (
    pgt_id      bigint PRIMARY KEY REFERENCES pgtrickle.pgt_stream_tables (pgt_id) ON DELETE CASCADE,
    key_columns text[],          -- NULL = all output columns
    setop       text,            -- UNION / INTERSECT / EXCEPT / NULL
    user_columns text[] NOT NULL,
    count_injected boolean NOT NULL DEFAULT false,   -- exec_query yields __pgt_count
    exec_query  text                                  -- query actually evaluated (non-TopK)
);

-- Build the CREATE TABLE / index / guard DDL for a storage table and run it.
-- Returns the storage table OID.
CREATE FUNCTION pgtrickle_emulation.create_storage(
    p_schema text, p_name text, p_columns jsonb, p_aux jsonb,
    p_keyless boolean, p_partition_by text, p_refresh_mode text,
    p_group_cols text[], p_distinct boolean)
RETURNS oid LANGUAGE plpgsql AS $$
DECLARE
    v_defs text;
    v_aux text := '';
    v_part text := '';
    v_method text;
    v_cols text[];
    v_mod integer;
    v_oid oid;
    v_include text := '';
    v_user_cols text[];
    v_guard text;
    a jsonb;
    i integer;
BEGIN
    SELECT string_agg(format('    %I %s', c ->> 'name', c ->> 'type'), E',\n' ORDER BY ord),
           array_agg(c ->> 'name' ORDER BY ord)
      INTO v_defs, v_user_cols
      FROM jsonb_array_elements(p_columns) WITH ORDINALITY x(c, ord);
    FOR a IN SELECT * FROM jsonb_array_elements(coalesce(p_aux, '[]')) LOOP
        v_aux := v_aux || format(E',\n    %I %s', a ->> 'name', a ->> 'decl');
    END LOOP;

    IF p_partition_by IS NOT NULL THEN
        v_method := CASE WHEN upper(btrim(p_partition_by)) LIKE 'LIST:%' THEN 'LIST'
                         WHEN upper(btrim(p_partition_by)) LIKE 'HASH:%' THEN 'HASH'
                         ELSE 'RANGE' END;
        v_cols := pgtrickle_emulation.partition_columns(p_partition_by);
        SELECT format(E'\nPARTITION BY %s (%s)', v_method, string_agg(quote_ident(x), ', ' ORDER BY o))
          INTO v_part FROM unnest(v_cols) WITH ORDINALITY u(x, o);
    END IF;

    EXECUTE format(E'CREATE TABLE %I.%I (\n    __pgt_row_id BIGINT,\n%s%s\n)%s',
                   p_schema, p_name, v_defs, v_aux, v_part);

    IF p_partition_by IS NOT NULL THEN
        IF v_method = 'HASH' THEN
            v_mod := pgtrickle_emulation.partition_modulus(p_partition_by);
            FOR i IN 0 .. v_mod - 1 LOOP
                EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES WITH (modulus %s, remainder %s)',
                               p_schema, p_name || '_p' || i, p_schema, p_name, v_mod, i);
            END LOOP;
        ELSE
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I DEFAULT',
                           p_schema, p_name || '_default', p_schema, p_name);
        END IF;
    END IF;

    -- Same lookup as the real get_table_oid(): an unquoted 'schema.name'
    -- cast, so quote-requiring names fail here exactly like in 0.67.0.
    v_oid := (p_schema || '.' || p_name)::regclass::oid;

    IF pgtrickle_emulation.guc_bool('auto_index', true)
       AND array_length(v_user_cols, 1) BETWEEN 1 AND 8 THEN
        SELECT ' INCLUDE (' || string_agg(quote_ident(x), ', ' ORDER BY o) || ')'
          INTO v_include FROM unnest(v_user_cols) WITH ORDINALITY u(x, o);
    END IF;
    IF p_keyless OR p_partition_by IS NOT NULL THEN
        EXECUTE format('CREATE INDEX ON %I.%I (__pgt_row_id)%s', p_schema, p_name, v_include);
    ELSE
        EXECUTE format('CREATE UNIQUE INDEX ON %I.%I (__pgt_row_id)%s', p_schema, p_name, v_include);
    END IF;

    -- DML guard: function _pgt_guard_<name> in the stream table's schema, like
    -- the real one, but quoted as a whole so that no name can inject SQL
    v_guard := format('%I.%I', p_schema, '_pgt_guard_' || replace(p_name, '"', ''));
    EXECUTE format($g$CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN IF current_setting('pg_trickle.internal_refresh', true) IS DISTINCT FROM 'true' THEN RAISE EXCEPTION 'Direct DML on stream table %% is not allowed. Stream tables are maintained automatically by pg_trickle.', TG_TABLE_NAME; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; ELSE RETURN NEW; END IF; END; $body$ $g$, v_guard);
    EXECUTE format('CREATE TRIGGER pgt_dml_guard BEFORE INSERT OR UPDATE OR DELETE ON %I.%I FOR EACH ROW EXECUTE FUNCTION %s()',
                   p_schema, p_name, v_guard);
    EXECUTE format('CREATE TRIGGER pgt_truncate_guard BEFORE TRUNCATE ON %I.%I FOR EACH STATEMENT EXECUTE FUNCTION %s()',
                   p_schema, p_name, v_guard);

    IF pgtrickle_emulation.guc_bool('auto_index', true) THEN
        IF p_refresh_mode = 'DIFFERENTIAL' AND coalesce(array_length(p_group_cols, 1), 0) > 0 THEN
            EXECUTE format('CREATE INDEX ON %I.%I (%s)', p_schema, p_name,
                           (SELECT string_agg(quote_ident(x), ', ' ORDER BY o)
                              FROM unnest(p_group_cols) WITH ORDINALITY u(x, o)));
        ELSIF p_distinct AND coalesce(array_length(p_group_cols, 1), 0) = 0
              AND p_refresh_mode IN ('DIFFERENTIAL', 'IMMEDIATE')
              AND array_length(v_user_cols, 1) BETWEEN 1 AND 8 THEN
            EXECUTE format('CREATE INDEX ON %I.%I (%s)', p_schema, p_name,
                           (SELECT string_agg(quote_ident(x), ', ' ORDER BY o)
                              FROM unnest(v_user_cols) WITH ORDINALITY u(x, o)));
        END IF;
    END IF;
    RETURN v_oid;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.partition_columns(p_spec text)
RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(btrim(x) ORDER BY o) FILTER (WHERE btrim(x) <> ''), '{}')
      FROM unnest(string_to_array(
               CASE WHEN upper(btrim(p_spec)) LIKE 'LIST:%' THEN substr(btrim(p_spec), 6)
                    WHEN upper(btrim(p_spec)) LIKE 'HASH:%' THEN
                         regexp_replace(substr(btrim(p_spec), 6), ':[0-9]+$', '')
                    ELSE btrim(p_spec) END, ',')) WITH ORDINALITY u(x, o)
$$;

CREATE FUNCTION pgtrickle_emulation.partition_modulus(p_spec text)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN upper(btrim(p_spec)) NOT LIKE 'HASH:%' THEN NULL
                WHEN substr(btrim(p_spec), 6) ~ ':[0-9]{1,9}$'
                     THEN substring(substr(btrim(p_spec), 6) FROM ':([0-9]{1,9})$')::integer
                ELSE 4 END
$$;

-- Validate partition_by against the output columns (real texts).
CREATE FUNCTION pgtrickle_emulation.validate_partition_key(p_spec text, p_columns jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    parts text[] := pgtrickle_emulation.partition_columns(p_spec);
    method text := CASE WHEN upper(btrim(p_spec)) LIKE 'LIST:%' THEN 'LIST'
                        WHEN upper(btrim(p_spec)) LIKE 'HASH:%' THEN 'HASH' ELSE 'RANGE' END;
    m integer;
    part text;
BEGIN
    IF coalesce(array_length(parts, 1), 0) = 0 THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', 'partition_by must contain at least one non-empty column name');
    END IF;
    IF method IN ('LIST', 'HASH') AND array_length(parts, 1) > 1 THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', method || ' partitioning supports only a single column');
    END IF;
    m := pgtrickle_emulation.partition_modulus(p_spec);
    IF method = 'HASH' AND (m < 2 OR m > 256) THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', 'HASH partition modulus must be between 2 and 256');
    END IF;
    FOREACH part IN ARRAY parts LOOP
        IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p_columns) c WHERE lower(c ->> 'name') = lower(part)) THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                'partition_by column ''%s'' is not in the stream table''s SELECT output. Available columns: %s',
                part, (SELECT string_agg(c ->> 'name', ', ' ORDER BY o)
                         FROM jsonb_array_elements(p_columns) WITH ORDINALITY x(c, o))));
        END IF;
    END LOOP;
END;
$$;

-- ---------------------------------------------------------------------------
-- Change data capture (trigger based; statement-level transition tables)
-- ---------------------------------------------------------------------------
CREATE FUNCTION pgtrickle_emulation.cdc_capture()
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_buf text := format('pgtrickle_changes.%I', 'changes_' || TG_ARGV[0]);
BEGIN
    IF pgtrickle_emulation.guc_bool('cdc_paused', false) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('INSERT INTO %s (action, row_new) SELECT ''I'', to_jsonb(n) FROM __pgt_new n', v_buf);
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE format('INSERT INTO %s (action, row_old) SELECT ''U'', to_jsonb(o) FROM __pgt_old o', v_buf);
        EXECUTE format('INSERT INTO %s (action, row_new) SELECT ''U'', to_jsonb(n) FROM __pgt_new n', v_buf);
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('INSERT INTO %s (action, row_old) SELECT ''D'', to_jsonb(o) FROM __pgt_old o', v_buf);
    ELSE
        EXECUTE format('INSERT INTO %s (action) VALUES (''T'')', v_buf);
    END IF;
    PERFORM pg_notify('pgtrickle_wake', '');
    RETURN NULL;
END;
$$;

-- Install (once per source) the change buffer and the CDC triggers, and
-- register p_pgt_id as a consumer.
CREATE FUNCTION pgtrickle_emulation.cdc_setup(p_source oid, p_pgt_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_src text;
    v_buf text := 'changes_' || p_source;
BEGIN
    SELECT format('%I.%I', n.nspname, c.relname) INTO v_src
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = p_source;
    IF to_regclass(format('pgtrickle_changes.%I', v_buf)) IS NULL THEN
        EXECUTE format('CREATE TABLE pgtrickle_changes.%I (
            change_id   bigserial PRIMARY KEY,
            lsn         pg_lsn NOT NULL DEFAULT pg_current_wal_insert_lsn(),
            xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
            action      "char" NOT NULL,
            row_new     jsonb,
            row_old     jsonb,
            captured_at timestamptz NOT NULL DEFAULT clock_timestamp())', v_buf);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = p_source AND tgname = 'pg_trickle_cdc_ins_' || p_source) THEN
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS __pgt_new FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_emulation.cdc_capture(%L)',
                       'pg_trickle_cdc_ins_' || p_source, v_src, p_source::text);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS __pgt_old NEW TABLE AS __pgt_new FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_emulation.cdc_capture(%L)',
                       'pg_trickle_cdc_upd_' || p_source, v_src, p_source::text);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS __pgt_old FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_emulation.cdc_capture(%L)',
                       'pg_trickle_cdc_del_' || p_source, v_src, p_source::text);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_emulation.cdc_capture(%L)',
                       'pg_trickle_cdc_truncate_' || p_source, v_src, p_source::text);
    END IF;
    INSERT INTO pgtrickle.pgt_change_tracking (source_relid, slot_name, tracked_by_pgt_ids, source_stable_name)
    VALUES (p_source, 'pgtrickle_' || p_source, ARRAY[p_pgt_id], p_source::text)
    ON CONFLICT (source_relid) DO UPDATE
       SET tracked_by_pgt_ids = CASE WHEN p_pgt_id = ANY (pgtrickle.pgt_change_tracking.tracked_by_pgt_ids)
                                     THEN pgtrickle.pgt_change_tracking.tracked_by_pgt_ids
                                     ELSE array_append(pgtrickle.pgt_change_tracking.tracked_by_pgt_ids, p_pgt_id) END;
END;
$$;

-- Unregister p_pgt_id; drop triggers and buffer when no deferred-mode
-- stream table reads the source any more.
CREATE FUNCTION pgtrickle_emulation.cdc_teardown(p_source oid, p_pgt_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_src text;
BEGIN
    UPDATE pgtrickle.pgt_change_tracking
       SET tracked_by_pgt_ids = array_remove(tracked_by_pgt_ids, p_pgt_id)
     WHERE source_relid = p_source;
    IF EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d
                 JOIN pgtrickle.pgt_stream_tables s ON s.pgt_id = d.pgt_id
                WHERE d.source_relid = p_source AND d.source_type = 'TABLE'
                  AND d.pgt_id <> p_pgt_id AND s.refresh_mode <> 'IMMEDIATE') THEN
        RETURN;
    END IF;
    SELECT format('%I.%I', n.nspname, c.relname) INTO v_src
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = p_source;
    IF v_src IS NOT NULL THEN
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_ins_' || p_source, v_src);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_upd_' || p_source, v_src);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_del_' || p_source, v_src);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pg_trickle_cdc_truncate_' || p_source, v_src);
    END IF;
    EXECUTE format('DROP TABLE IF EXISTS pgtrickle_changes.%I', 'changes_' || p_source);
    DELETE FROM pgtrickle.pgt_change_tracking WHERE source_relid = p_source;
END;
$$;

-- Current consumption position for a stream table: the snapshot its last
-- recomputation saw, plus the data_timestamp of each upstream stream table.
CREATE FUNCTION pgtrickle_emulation.current_frontier(p_pgt_id bigint)
RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'snapshot', pg_current_snapshot()::text,
        'lsn', pg_current_wal_insert_lsn()::text,
        'sources', coalesce((SELECT jsonb_object_agg(d.source_relid::text, 'TRIGGER')
                               FROM pgtrickle.pgt_dependencies d
                              WHERE d.pgt_id = p_pgt_id AND d.source_type = 'TABLE'), '{}'::jsonb),
        'stream_tables', coalesce((SELECT jsonb_object_agg(u.pgt_id::text, u.data_timestamp)
                                     FROM pgtrickle.pgt_dependencies d
                                     JOIN pgtrickle.pgt_stream_tables u ON u.pgt_relid = d.source_relid
                                    WHERE d.pgt_id = p_pgt_id AND d.source_type = 'STREAM_TABLE'), '{}'::jsonb))
$$;

-- Number of change-buffer rows of p_source that p_frontier has not consumed.
-- The real change_buffer_sizes() reads statistics, which need no privilege on the
-- change buffers; these two read the buffers as the extension's owner, so that a
-- role without access to pgtrickle_changes gets the same answer.
CREATE FUNCTION pgtrickle_emulation.pending_rows(p_source oid, p_frontier jsonb)
RETURNS bigint LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_n bigint;
BEGIN
    IF to_regclass(format('pgtrickle_changes.%I', 'changes_' || p_source)) IS NULL THEN
        RETURN 0;
    END IF;
    IF p_frontier IS NULL OR p_frontier ->> 'snapshot' IS NULL THEN
        EXECUTE format('SELECT count(*) FROM pgtrickle_changes.%I', 'changes_' || p_source) INTO v_n;
    ELSE
        EXECUTE format('SELECT count(*) FROM pgtrickle_changes.%I WHERE NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)',
                       'changes_' || p_source) USING p_frontier ->> 'snapshot' INTO v_n;
    END IF;
    RETURN v_n;
END;
$$;

-- Does the stream table have anything new to consume (CALCULATED due-check)?
CREATE FUNCTION pgtrickle_emulation.has_pending_changes(p_pgt_id bigint)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    d record;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = p_pgt_id;
    FOR d IN SELECT * FROM pgtrickle.pgt_dependencies WHERE pgt_id = p_pgt_id LOOP
        IF d.source_type = 'TABLE' THEN
            IF pgtrickle_emulation.pending_rows(d.source_relid, st.frontier) > 0 THEN
                RETURN true;
            END IF;
        ELSIF d.source_type = 'STREAM_TABLE' THEN
            IF EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables u
                        WHERE u.pgt_relid = d.source_relid AND u.data_timestamp IS NOT NULL
                          AND (st.frontier -> 'stream_tables' ->> u.pgt_id::text) IS DISTINCT FROM
                              to_jsonb(u.data_timestamp) #>> '{}') THEN
                RETURN true;
            END IF;
        END IF;
    END LOOP;
    RETURN false;
END;
$$;

-- Delete change-buffer rows that every consumer has seen.
CREATE FUNCTION pgtrickle_emulation.prune_buffers(p_pgt_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    d record;
    snaps text[];
BEGIN
    FOR d IN SELECT source_relid FROM pgtrickle.pgt_dependencies
              WHERE pgt_id = p_pgt_id AND source_type = 'TABLE' LOOP
        CONTINUE WHEN to_regclass(format('pgtrickle_changes.%I', 'changes_' || d.source_relid)) IS NULL;
        SELECT array_agg(s.frontier ->> 'snapshot') INTO snaps
          FROM pgtrickle.pgt_dependencies x
          JOIN pgtrickle.pgt_stream_tables s ON s.pgt_id = x.pgt_id
         WHERE x.source_relid = d.source_relid AND x.source_type = 'TABLE' AND s.refresh_mode <> 'IMMEDIATE';
        IF snaps IS NULL OR array_position(snaps, NULL) IS NOT NULL THEN
            CONTINUE;   -- some consumer has not refreshed yet
        END IF;
        EXECUTE format('DELETE FROM pgtrickle_changes.%I b WHERE (SELECT bool_and(pg_visible_in_snapshot(b.xid, s::pg_snapshot)) FROM unnest($1) s)',
                       'changes_' || d.source_relid) USING snaps;
    END LOOP;
END;
$$;

-- ---------------------------------------------------------------------------
-- Recomputation and diff apply
-- ---------------------------------------------------------------------------

-- The query that produces the stream table's current content.
CREATE FUNCTION pgtrickle_emulation.effective_query(st pgtrickle.pgt_stream_tables)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN st.topk_limit IS NULL THEN st.defining_query
                ELSE st.defining_query || ' ORDER BY ' || st.topk_order_by || ' LIMIT ' || st.topk_limit
                     || coalesce(' OFFSET ' || st.topk_offset, '') END
$$;

-- Recompute the defining query and apply the difference to the storage
-- table.  Caller must have set pg_trickle.internal_refresh.
CREATE FUNCTION pgtrickle_emulation.apply_recompute(st pgtrickle.pgt_stream_tables,
                                                    OUT rows_inserted bigint, OUT rows_deleted bigint)
LANGUAGE plpgsql AS $$
DECLARE
    m pgtrickle_emulation.st_meta;
    v_tab text := format('%I.%I', st.pgt_schema, st.pgt_name);
    v_cols text;
    v_ncols text;
    v_tcols text;
    v_mcols text;
    v_key text;
    v_aux_names text := '';
    v_aux_vals text := '';
    v_query text;
    a record;
    v_sql text;
BEGIN
    SELECT * INTO m FROM pgtrickle_emulation.st_meta WHERE pgt_id = st.pgt_id;
    v_query := CASE WHEN st.topk_limit IS NOT NULL OR m.exec_query IS NULL
                    THEN pgtrickle_emulation.effective_query(st) ELSE m.exec_query END;
    SELECT string_agg(quote_ident(c), ', ' ORDER BY o),
           string_agg('s.' || quote_ident(c), ', ' ORDER BY o),
           string_agg('t.' || quote_ident(c), ', ' ORDER BY o),
           string_agg('nmm.' || quote_ident(c), ', ' ORDER BY o)
      INTO v_cols, v_ncols, v_tcols, v_mcols
      FROM unnest(m.user_columns) WITH ORDINALITY u(c, o);
    SELECT string_agg('q.' || quote_ident(c), ', ' ORDER BY o) INTO v_key
      FROM unnest(coalesce(m.key_columns, m.user_columns)) WITH ORDINALITY u(c, o);
    IF m.count_injected THEN
        v_ncols := v_ncols || ', s.__pgt_count';
        v_tcols := v_tcols || ', t.__pgt_count';
        v_aux_names := ', __pgt_count';
        v_aux_vals := ', nmm.__pgt_count';
    ELSE
        FOR a IN SELECT attname::text AS n FROM pg_attribute
                  WHERE attrelid = st.pgt_relid AND attnum > 0 AND NOT attisdropped
                    AND attname IN ('__pgt_count', '__pgt_count_l', '__pgt_count_r') ORDER BY attnum LOOP
            v_aux_names := v_aux_names || ', ' || a.n;
            v_aux_vals := v_aux_vals || CASE WHEN a.n = '__pgt_count_r' AND coalesce(m.setop, '') <> 'INTERSECT'
                                             THEN ', 0::bigint' ELSE ', 1::bigint' END;
        END LOOP;
    END IF;

    v_sql := format($q$
WITH src AS MATERIALIZED (
    SELECT q.*, ROW(%1$s)::text AS __pgt_key FROM (%2$s) q
), n AS MATERIALIZED (
    SELECT hashtextextended(s.__pgt_key || CASE WHEN s.__pgt_dup > 1 THEN chr(31) || s.__pgt_dup ELSE '' END, 0) AS __pgt_row_id, %3$s
      FROM (SELECT src.*, row_number() OVER (PARTITION BY src.__pgt_key) AS __pgt_dup FROM src) s
), nm AS MATERIALIZED (
    SELECT n.*, ROW(n.*)::text AS __pgt_full FROM n
), nmm AS MATERIALIZED (
    SELECT nm.*, row_number() OVER (PARTITION BY nm.__pgt_full) AS __pgt_m FROM nm
), o AS MATERIALIZED (
    SELECT t.tableoid AS __pgt_toid, t.ctid AS __pgt_ctid,
           ROW(t.__pgt_row_id, %4$s)::text AS __pgt_full
      FROM %5$s t
), om AS MATERIALIZED (
    SELECT o.*, row_number() OVER (PARTITION BY o.__pgt_full) AS __pgt_m FROM o
), del AS (
    DELETE FROM %5$s t
     USING (SELECT om.__pgt_toid, om.__pgt_ctid FROM om
             WHERE NOT EXISTS (SELECT 1 FROM nmm WHERE nmm.__pgt_full = om.__pgt_full AND nmm.__pgt_m = om.__pgt_m)) x
     WHERE t.tableoid = x.__pgt_toid AND t.ctid = x.__pgt_ctid
    RETURNING 1
), ins AS (
    INSERT INTO %5$s (__pgt_row_id, %6$s%7$s)
    SELECT nmm.__pgt_row_id, %8$s%9$s FROM nmm
     WHERE (SELECT count(*) FROM del) >= 0
       AND NOT EXISTS (SELECT 1 FROM om WHERE om.__pgt_full = nmm.__pgt_full AND om.__pgt_m = nmm.__pgt_m)
    RETURNING 1
)
SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM del)$q$,
        v_key, v_query, v_ncols, v_tcols, v_tab, v_cols, v_aux_names, v_mcols, v_aux_vals);
    EXECUTE v_sql INTO rows_inserted, rows_deleted;
END;
$$;

-- One refresh of a stream table (no locking, no history).  Sets the
-- internal_refresh flag and row_security = off for the duration and restores
-- them afterwards; handles the FULL-refresh user-trigger suppression.
-- Returns the row counts; updates frontier and the catalog timestamps.
CREATE FUNCTION pgtrickle_emulation.refresh_core(p_pgt_id bigint, p_action text, p_notify_rows boolean,
                                                 OUT rows_inserted bigint, OUT rows_deleted bigint)
LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    v_prev_flag text := current_setting('pg_trickle.internal_refresh', true);
    v_prev_rls text := current_setting('row_security');
    v_user_triggers boolean := false;
    v_frontier jsonb;
    v_tab text;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = p_pgt_id;
    v_tab := format('%I.%I', st.pgt_schema, st.pgt_name);
    PERFORM set_config('pg_trickle.internal_refresh', 'true', true);
    PERFORM set_config('row_security', 'off', true);

    IF p_action IN ('FULL', 'REINITIALIZE') AND pgtrickle_emulation.guc('user_triggers', 'auto') <> 'off' THEN
        SELECT EXISTS (SELECT 1 FROM pg_trigger
                        WHERE tgrelid = st.pgt_relid AND NOT tgisinternal
                          AND tgname NOT LIKE 'pgt\_%' AND tgname NOT LIKE 'pg\_trickle\_%')
          INTO v_user_triggers;
    END IF;
    IF v_user_triggers THEN
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', v_tab);
    END IF;

    v_frontier := pgtrickle_emulation.current_frontier(p_pgt_id);
    SELECT r.rows_inserted, r.rows_deleted INTO rows_inserted, rows_deleted
      FROM pgtrickle_emulation.apply_recompute(st) r;

    IF v_user_triggers THEN
        EXECUTE format('ALTER TABLE %s ENABLE TRIGGER USER', v_tab);
        IF NOT st.pooler_compatibility_mode THEN
            PERFORM pg_notify('pg_trickle_refresh', CASE WHEN p_notify_rows
                THEN format('{"stream_table": %s, "schema": %s, "mode": "FULL", "rows": %s}',
                            to_json(st.pgt_name), to_json(st.pgt_schema), rows_inserted)
                ELSE format('{"stream_table": %s, "schema": %s, "mode": "FULL"}',
                            to_json(st.pgt_name), to_json(st.pgt_schema)) END);
        END IF;
        RAISE INFO 'pg_trickle: FULL refresh of %.% with user triggers suppressed.', st.pgt_schema, st.pgt_name;
    END IF;

    IF rows_inserted > 0 OR rows_deleted > 0 OR NOT st.is_populated THEN
        UPDATE pgtrickle.pgt_stream_tables
           SET data_timestamp = now(), is_populated = true, last_refresh_at = now(),
               consecutive_errors = 0, status = 'ACTIVE', needs_reinit = false,
               last_error_message = NULL, last_error_at = NULL, frontier = v_frontier,
               rows_changed_since_last_reindex = rows_changed_since_last_reindex + rows_inserted + rows_deleted,
               updated_at = now()
         WHERE pgt_id = p_pgt_id;
    ELSE
        UPDATE pgtrickle.pgt_stream_tables
           SET is_populated = true, last_refresh_at = now(), consecutive_errors = 0,
               status = 'ACTIVE', last_error_message = NULL, last_error_at = NULL,
               needs_reinit = needs_reinit AND p_action NOT IN ('FULL', 'REINITIALIZE'),
               frontier = v_frontier, updated_at = now()
         WHERE pgt_id = p_pgt_id;
    END IF;
    PERFORM pgtrickle_emulation.prune_buffers(p_pgt_id);

    IF (rows_inserted > 0 OR rows_deleted > 0) AND st.post_refresh_action = 'analyze' THEN
        EXECUTE format('ANALYZE %s', v_tab);
    ELSIF (rows_inserted > 0 OR rows_deleted > 0) AND st.post_refresh_action IN ('reindex', 'reindex_if_drift') THEN
        EXECUTE format('REINDEX TABLE %s', v_tab);
        UPDATE pgtrickle.pgt_stream_tables SET rows_changed_since_last_reindex = 0, last_reindex_at = now()
         WHERE pgt_id = p_pgt_id;
    END IF;

    PERFORM set_config('pg_trickle.internal_refresh', coalesce(v_prev_flag, ''), true);
    PERFORM set_config('row_security', v_prev_rls, true);
END;
$$;

-- ---------------------------------------------------------------------------
-- IMMEDIATE maintenance: statement-level triggers on the sources
-- ---------------------------------------------------------------------------
CREATE FUNCTION pgtrickle_emulation.ivm_maintain()
RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    v_id bigint := TG_ARGV[0]::bigint;
    r record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables
                    WHERE pgt_id = v_id AND refresh_mode = 'IMMEDIATE'
                      AND status NOT IN ('SUSPENDED', 'ERROR')) THEN
        RETURN NULL;
    END IF;
    -- serialize concurrent writers on the same IMMEDIATE table
    PERFORM pg_advisory_xact_lock(v_id);
    SELECT * INTO r FROM pgtrickle_emulation.refresh_core(v_id, 'DIFFERENTIAL', false);
    UPDATE pgtrickle.pgt_stream_tables SET effective_refresh_mode = 'IMMEDIATE' WHERE pgt_id = v_id
       AND effective_refresh_mode IS DISTINCT FROM 'IMMEDIATE';
    RETURN NULL;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.ivm_setup(p_source oid, p_pgt_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_src text;
BEGIN
    SELECT format('%I.%I', n.nspname, c.relname) INTO v_src
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = p_source;
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT ON %s FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_emulation.ivm_maintain(%L)',
                   'pgt_ivm_after_ins_' || p_pgt_id, v_src, p_pgt_id::text);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_emulation.ivm_maintain(%L)',
                   'pgt_ivm_after_upd_' || p_pgt_id, v_src, p_pgt_id::text);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER DELETE ON %s FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_emulation.ivm_maintain(%L)',
                   'pgt_ivm_after_del_' || p_pgt_id, v_src, p_pgt_id::text);
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION pgtrickle_emulation.ivm_maintain(%L)',
                   'pgt_ivm_after_trunc_' || p_pgt_id, v_src, p_pgt_id::text);
END;
$$;

CREATE FUNCTION pgtrickle_emulation.ivm_teardown(p_source oid, p_pgt_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_src text;
    t text;
BEGIN
    SELECT format('%I.%I', n.nspname, c.relname) INTO v_src
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = p_source;
    IF v_src IS NULL THEN
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['ins', 'upd', 'del', 'trunc'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', 'pgt_ivm_after_' || t || '_' || p_pgt_id, v_src);
    END LOOP;
END;
$$;

-- Wire up change capture / IVM for every dependency of a stream table.
CREATE FUNCTION pgtrickle_emulation.setup_triggers(p_pgt_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    d record;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = p_pgt_id;
    FOR d IN SELECT * FROM pgtrickle.pgt_dependencies WHERE pgt_id = p_pgt_id ORDER BY source_relid LOOP
        IF st.refresh_mode = 'IMMEDIATE' THEN
            IF d.source_type IN ('TABLE', 'STREAM_TABLE') THEN
                PERFORM pgtrickle_emulation.ivm_setup(d.source_relid, p_pgt_id);
            END IF;
        ELSIF d.source_type = 'TABLE' THEN
            PERFORM pgtrickle_emulation.cdc_setup(d.source_relid, p_pgt_id);
        END IF;
    END LOOP;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.teardown_triggers(p_pgt_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    d record;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = p_pgt_id;
    FOR d IN SELECT * FROM pgtrickle.pgt_dependencies WHERE pgt_id = p_pgt_id ORDER BY source_relid LOOP
        IF st.refresh_mode = 'IMMEDIATE' THEN
            IF d.source_type IN ('TABLE', 'STREAM_TABLE') THEN
                PERFORM pgtrickle_emulation.ivm_teardown(d.source_relid, p_pgt_id);
            END IF;
        ELSIF d.source_type = 'TABLE' THEN
            PERFORM pgtrickle_emulation.cdc_teardown(d.source_relid, p_pgt_id);
        END IF;
    END LOOP;
END;
$$;

-- Insert the dependency edges (with column snapshots) for a stream table.
CREATE FUNCTION pgtrickle_emulation.column_snapshot(p_relid oid, OUT snapshot jsonb, OUT fingerprint text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT jsonb_build_object(
               'columns', coalesce((SELECT jsonb_agg(jsonb_build_object('name', a.attname::text,
                                                                       'type_oid', a.atttypid::integer,
                                                                       'ordinal', a.attnum::integer) ORDER BY a.attnum)
                                      FROM pg_attribute a
                                     WHERE a.attrelid = p_relid AND a.attnum > 0 AND NOT a.attisdropped
                                       AND a.attgenerated = ''), '[]'::jsonb),
               'rls_enabled', c.relrowsecurity,
               'rls_forced', c.relforcerowsecurity,
               'partition_child_count', (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = p_relid))
      INTO snapshot
      FROM pg_class c WHERE c.oid = p_relid;
    fingerprint := encode(sha256(convert_to(pgtrickle_emulation.json_compact(snapshot), 'UTF8')), 'hex');
END;
$$;

CREATE FUNCTION pgtrickle_emulation.insert_dependencies(p_pgt_id bigint, p_sources jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s jsonb;
    snap record;
BEGIN
    FOR s IN SELECT * FROM jsonb_array_elements(p_sources) LOOP
        snap := NULL;
        IF s ->> 'source_type' IN ('TABLE', 'STREAM_TABLE', 'MATVIEW', 'FOREIGN_TABLE') THEN
            SELECT * INTO snap FROM pgtrickle_emulation.column_snapshot((s ->> 'oid')::oid);
        END IF;
        INSERT INTO pgtrickle.pgt_dependencies (pgt_id, source_relid, source_type, columns_used,
                                                column_snapshot, schema_fingerprint, cdc_mode,
                                                source_stable_name)
        VALUES (p_pgt_id, (s ->> 'oid')::oid, s ->> 'source_type',
                CASE WHEN s ->> 'source_type' = 'VIEW' THEN NULL
                     ELSE ARRAY(SELECT jsonb_array_elements_text(coalesce(nullif(s -> 'columns', 'null'::jsonb), '[]'::jsonb))) END,
                snap.snapshot, snap.fingerprint, 'TRIGGER', NULL)
        ON CONFLICT DO NOTHING;
    END LOOP;
    UPDATE pgtrickle.pgt_dependencies SET columns_used = NULL
     WHERE pgt_id = p_pgt_id AND columns_used = '{}';
END;
$$;

-- ===========================================================================
-- Lifecycle: create / alter / drop / resume
-- ===========================================================================

CREATE FUNCTION pgtrickle_emulation.require_arg(p_value anyelement, p_name text)
RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_value IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'XX000',
            MESSAGE = format('argument "%s" must not be NULL', p_name);
    END IF;
END;
$$;

-- RefreshMode::from_str: AUTO and INCREMENTAL resolve to DIFFERENTIAL.
CREATE FUNCTION pgtrickle_emulation.parse_refresh_mode(p_mode text)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    CASE upper(p_mode)
    WHEN 'FULL' THEN RETURN 'FULL';
    WHEN 'DIFFERENTIAL' THEN RETURN 'DIFFERENTIAL';
    WHEN 'IMMEDIATE' THEN RETURN 'IMMEDIATE';
    WHEN 'INCREMENTAL' THEN RETURN 'DIFFERENTIAL';
    WHEN 'AUTO' THEN RETURN 'DIFFERENTIAL';
    ELSE
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'unknown refresh mode: %s. Must be ''AUTO'', ''FULL'', ''DIFFERENTIAL'', or ''IMMEDIATE''', upper(p_mode)));
    END CASE;
    RETURN NULL;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.normalize_cdc_mode(p_mode text)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v text := lower(btrim(p_mode, E' \t\n\r\f\v'));
BEGIN
    IF p_mode IS NULL THEN
        RETURN NULL;
    END IF;
    IF v NOT IN ('auto', 'trigger', 'wal') THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'invalid cdc_mode value: ''%s'' (expected ''auto'', ''trigger'', or ''wal'')', v));
    END IF;
    RETURN v;
END;
$$;

-- cdc_mode vs refresh mode interaction and WAL requirements.
CREATE FUNCTION pgtrickle_emulation.check_cdc(p_qualified text, p_mode text, p_override text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_effective text := coalesce(p_override, lower(pgtrickle_emulation.guc('cdc_mode', 'auto')));
BEGIN
    IF p_mode = 'IMMEDIATE' AND v_effective = 'wal' THEN
        IF p_override IS NOT NULL THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument',
                'refresh_mode = ''IMMEDIATE'' is incompatible with cdc_mode = ''wal''. IMMEDIATE uses in-transaction IVM triggers; WAL-based CDC is async. Use cdc_mode = ''trigger'' or ''auto'', or choose a deferred refresh_mode.');
        END IF;
        RAISE INFO 'pg_trickle: cdc_mode ''wal'' has no effect for IMMEDIATE refresh mode on % — using IVM triggers instead of CDC.', p_qualified;
        RETURN;
    END IF;
    IF p_mode <> 'IMMEDIATE' AND v_effective = 'wal' AND current_setting('wal_level') <> 'logical' THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument',
            'cdc_mode = ''wal'' requires wal_level = logical and an available replication slot');
    END IF;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.resolve_sink(p_sink text)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_sink IS NULL THEN
        RETURN NULL;
    END IF;
    CASE lower(p_sink)
    WHEN 'ducklake' THEN RETURN 'append';
    WHEN 'append' THEN RETURN 'append';
    WHEN 'replace' THEN RETURN 'replace';
    WHEN 'none' THEN RETURN NULL;
    WHEN '' THEN RETURN NULL;
    ELSE
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'invalid sink value: ''%s'' (expected ''ducklake'', ''append'', ''replace'', or ''none'')', lower(p_sink)));
    END CASE;
    RETURN NULL;
END;
$$;

-- Validate a (rewritten) defining query for the given mode.  Returns the
-- analysis document extended with: mode (possibly downgraded to FULL),
-- keyless, aux (storage auxiliary columns), count_injected, exec_query.
CREATE FUNCTION pgtrickle_emulation.validate_query_for_mode(p_query text, p_mode text, p_is_auto boolean)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    a jsonb := pgtrickle_emulation.analyze_query(p_query);
    v_mode text := p_mode;
    v_bad jsonb;
    v_msg text;
    c jsonb;
    v_keyless boolean;
    v_aux jsonb := '[]';
    v_from integer;
    v_exec text;
    v_injected boolean := false;
    v_topk jsonb := a -> 'topk';
    v_diff boolean;
    v_avg text;
BEGIN
    IF jsonb_array_length(a -> 'columns') = 0 THEN
        PERFORM pgtrickle_emulation.fail('query_parse', 'Defining query returns no columns');
    END IF;
    FOR c IN SELECT * FROM jsonb_array_elements(a -> 'columns') LOOP
        IF c ->> 'name' LIKE '\_\_pgt\_%' OR c ->> 'name' LIKE '\_\_pgs\_%' THEN
            PERFORM pgtrickle_emulation.fail('query_parse', format(
                'output column name "%s" is reserved: names starting with __pgt_ or __pgs_ are used for pg_trickle auxiliary columns',
                c ->> 'name'));
        END IF;
    END LOOP;

    IF v_topk IS NOT NULL AND jsonb_typeof(v_topk) = 'object' THEN
        IF v_topk ->> 'offset' IS NOT NULL THEN
            RAISE INFO 'pg_trickle: TopK pattern detected (ORDER BY % LIMIT % OFFSET %). The stream table will maintain rows %–%.',
                v_topk ->> 'order_by', v_topk ->> 'limit', v_topk ->> 'offset',
                (v_topk ->> 'offset')::bigint + 1, (v_topk ->> 'offset')::bigint + (v_topk ->> 'limit')::bigint;
        ELSE
            RAISE INFO 'pg_trickle: TopK pattern detected (ORDER BY % LIMIT %). The stream table will maintain the top % rows.',
                v_topk ->> 'order_by', v_topk ->> 'limit', v_topk ->> 'limit';
        END IF;
    ELSE
        v_topk := NULL;
        IF (a ->> 'has_sort')::boolean AND NOT (a ->> 'has_limit')::boolean AND NOT (a ->> 'has_offset')::boolean THEN
            RAISE WARNING 'pg_trickle: ORDER BY without LIMIT has no effect on stream tables — storage row order is undefined. Use ORDER BY with LIMIT for TopK, or remove ORDER BY.';
        END IF;
        IF (a ->> 'has_limit')::boolean THEN
            PERFORM pgtrickle_emulation.fail('unsupported',
                'LIMIT is not supported in defining queries without ORDER BY. Use ORDER BY + LIMIT for TopK stream tables, or omit LIMIT to materialize the full result set.');
        END IF;
        IF (a ->> 'has_offset')::boolean THEN
            PERFORM pgtrickle_emulation.fail('unsupported',
                'OFFSET is not supported in defining queries without ORDER BY + LIMIT. Use ORDER BY + LIMIT + OFFSET for paged TopK stream tables, or omit OFFSET to materialize the full result set.');
        END IF;
    END IF;

    -- constructs the differential engine rejects
    v_msg := NULL;
    IF (a ->> 'for_update')::boolean THEN
        v_msg := 'FOR UPDATE/FOR SHARE is not supported in defining queries. Stream tables do not support row-level locking. Remove the FOR UPDATE/FOR SHARE clause.';
    ELSIF (a ->> 'tablesample')::boolean THEN
        v_msg := 'TABLESAMPLE is not supported in defining queries. Stream tables materialize complete result sets; remove the TABLESAMPLE clause.';
    END IF;
    IF v_msg IS NOT NULL THEN
        IF p_is_auto THEN
            RAISE WARNING E'[pg_trickle] Falling back to FULL refresh: unsupported construct in defining query.\nConstruct: unsupported operator for DIFFERENTIAL mode: %\nSee docs/DVM_OPERATORS.md for the full list of supported operators.', v_msg;
            v_mode := 'FULL';
        ELSE
            PERFORM pgtrickle_emulation.fail('unsupported', v_msg);
        END IF;
    END IF;

    -- materialized views / foreign tables
    IF v_mode IN ('DIFFERENTIAL', 'IMMEDIATE') THEN
        SELECT e INTO v_bad FROM jsonb_array_elements(a -> 'sources') e
         WHERE e ->> 'source_type' IN ('MATVIEW', 'FOREIGN_TABLE') AND NOT (e ->> 'via_view')::boolean
         ORDER BY e ->> 'name' LIMIT 1;
        IF v_bad IS NOT NULL THEN
            IF v_bad ->> 'source_type' = 'MATVIEW' THEN
                v_msg := format('Materialized view ''%s'' cannot be used as a source in DIFFERENTIAL mode. Materialized views are stale snapshots — CDC triggers cannot track REFRESH MATERIALIZED VIEW. Use the underlying query directly, or switch to FULL refresh mode. Alternatively, enable polling-based CDC with: SET pg_trickle.matview_polling = on;', v_bad ->> 'name');
            ELSE
                v_msg := format('Foreign table ''%s'' cannot be used as a source in DIFFERENTIAL or IMMEDIATE mode. Row-level triggers cannot be created on foreign tables. Use FULL refresh mode instead, which re-queries the foreign table on each refresh cycle. For postgres_fdw tables, consider using IMPORT FOREIGN SCHEMA to keep the local schema in sync. Alternatively, enable polling-based CDC with: SET pg_trickle.foreign_table_polling = on;', v_bad ->> 'name');
            END IF;
            IF p_is_auto AND v_mode = 'DIFFERENTIAL' THEN
                RAISE WARNING E'[pg_trickle] Falling back to FULL refresh: query references materialized views or foreign tables (unsupported operator for DIFFERENTIAL mode: %).\nSuggestion: replace materialized view references with regular views or tables, or convert them to stream tables so changes can be tracked incrementally.', v_msg;
                v_mode := 'FULL';
            ELSE
                PERFORM pgtrickle_emulation.fail('unsupported', v_msg);
            END IF;
        END IF;
    END IF;

    IF v_mode = 'IMMEDIATE' AND v_topk IS NOT NULL THEN
        IF pgtrickle_emulation.guc_int('ivm_topk_max_limit', 1000) = 0
           OR (v_topk ->> 'limit')::bigint > pgtrickle_emulation.guc_int('ivm_topk_max_limit', 1000) THEN
            PERFORM pgtrickle_emulation.fail('unsupported', format(
                'ORDER BY + LIMIT %s (TopK) exceeds the IMMEDIATE mode threshold (pg_trickle.ivm_topk_max_limit = %s). TopK tables in IMMEDIATE mode recompute the top-K rows on every DML statement. Reduce LIMIT, raise the threshold, or use ''DIFFERENTIAL'' mode for large TopK queries.',
                v_topk ->> 'limit', pgtrickle_emulation.guc_int('ivm_topk_max_limit', 1000)));
        END IF;
        RAISE WARNING 'pg_trickle: TopK (LIMIT %) in IMMEDIATE mode uses micro-refresh — the top-% rows are recomputed on every DML statement. This adds latency proportional to the defining query cost.',
            v_topk ->> 'limit', v_topk ->> 'limit';
    END IF;

    v_diff := v_mode IN ('DIFFERENTIAL', 'IMMEDIATE') AND v_topk IS NULL;
    IF v_diff THEN
        IF a ->> 'volatility' = 'v' THEN
            CASE lower(pgtrickle_emulation.guc('volatile_function_policy', 'reject'))
            WHEN 'allow' THEN NULL;
            WHEN 'warn' THEN
                RAISE WARNING 'Defining query contains volatile expressions (e.g., random(), clock_timestamp()). Volatile functions produce different values on each evaluation, which may break delta computation. Allowed by pg_trickle.volatile_function_policy = ''warn''.';
            ELSE
                PERFORM pgtrickle_emulation.fail('unsupported',
                    'Defining query contains volatile expressions (e.g., random(), clock_timestamp(), or custom volatile operators). Volatile functions and operators are not supported in DIFFERENTIAL or IMMEDIATE mode because they produce different values on each evaluation, breaking delta computation. Use FULL refresh mode instead, or replace with a deterministic alternative. (Override with: SET pg_trickle.volatile_function_policy = ''warn'' or ''allow'')');
            END CASE;
        ELSIF a ->> 'volatility' = 's' THEN
            RAISE WARNING 'Defining query contains stable functions (e.g., now(), current_timestamp). These return the same value within a single refresh but may shift between refreshes. Delta computation is correct within each refresh cycle.';
        END IF;
    END IF;

    v_keyless := EXISTS (SELECT 1 FROM jsonb_array_elements(a -> 'sources') e
                          WHERE e ->> 'source_type' IN ('TABLE', 'FOREIGN_TABLE', 'MATVIEW')
                            AND NOT (e ->> 'has_pk')::boolean);

    -- auxiliary storage columns (DIFFERENTIAL / IMMEDIATE, not TopK)
    v_exec := CASE WHEN v_topk IS NOT NULL THEN v_topk ->> 'base_query' ELSE a ->> 'query' END;
    IF v_diff THEN
        IF a ->> 'setop' IN ('INTERSECT', 'EXCEPT') THEN
            v_aux := '[{"name": "__pgt_count_l", "decl": "BIGINT NOT NULL DEFAULT 0"},
                        {"name": "__pgt_count_r", "decl": "BIGINT NOT NULL DEFAULT 0"}]';
        ELSIF (a ->> 'grouped')::boolean OR (a ->> 'has_distinct')::boolean
              OR (a ->> 'setop' = 'UNION' AND NOT (a ->> 'setop_all')::boolean) THEN
            v_aux := '[{"name": "__pgt_count", "decl": "BIGINT NOT NULL DEFAULT 0"}]';
            -- aggregate queries: count(*) per group, injected before the
            -- top-level FROM (like the real inject_pgt_count)
            IF (a ->> 'grouped')::boolean AND a ->> 'setop' IS NULL AND NOT (a ->> 'has_distinct')::boolean THEN
                SELECT min(pos) INTO v_from FROM pgtrickle_emulation.lex_top(v_exec) WHERE tok = 'from';
                IF v_from IS NOT NULL THEN
                    v_exec := rtrim(substr(v_exec, 1, v_from - 1)) || ', COUNT(*) AS __pgt_count ' || substr(v_exec, v_from);
                    v_injected := true;
                END IF;
            END IF;
        END IF;
        FOR v_avg IN SELECT jsonb_array_elements_text(a -> 'avg_columns') LOOP
            v_aux := v_aux || jsonb_build_array(
                jsonb_build_object('name', '__pgt_aux_sum_' || v_avg, 'decl', 'NUMERIC NOT NULL DEFAULT 0'),
                jsonb_build_object('name', '__pgt_aux_count_' || v_avg, 'decl', 'BIGINT NOT NULL DEFAULT 0'));
        END LOOP;
    END IF;

    RETURN a || jsonb_build_object('mode', v_mode, 'keyless', v_keyless, 'aux', v_aux,
                                   'count_injected', v_injected, 'exec_query', v_exec,
                                   'topk', coalesce(v_topk, 'null'::jsonb), 'differential_parsed', v_diff);
END;
$$;

-- Record the refresh-relevant facts of an analysis in st_meta.
CREATE FUNCTION pgtrickle_emulation.store_meta(p_pgt_id bigint, a jsonb)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO pgtrickle_emulation.st_meta (pgt_id, key_columns, setop, user_columns, count_injected, exec_query)
    VALUES (p_pgt_id,
            CASE WHEN jsonb_typeof(a -> 'key_columns') = 'array'
                 THEN ARRAY(SELECT jsonb_array_elements_text(a -> 'key_columns')) END,
            a ->> 'setop',
            ARRAY(SELECT c ->> 'name' FROM jsonb_array_elements(a -> 'columns') WITH ORDINALITY x(c, o) ORDER BY o),
            coalesce((a ->> 'count_injected')::boolean, false),
            a ->> 'exec_query')
    ON CONFLICT (pgt_id) DO UPDATE
       SET key_columns = EXCLUDED.key_columns, setop = EXCLUDED.setop, user_columns = EXCLUDED.user_columns,
           count_injected = EXCLUDED.count_injected, exec_query = EXCLUDED.exec_query
$$;

-- Record a refresh-history row; returns refresh_id.
CREATE FUNCTION pgtrickle_emulation.history_start(p_pgt_id bigint, p_action text, p_initiated_by text,
                                                  p_freshness_deadline timestamptz DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO pgtrickle.pgt_refresh_history (pgt_id, data_timestamp, start_time, action, status,
                                               rows_inserted, rows_deleted, initiated_by, freshness_deadline,
                                               delta_row_count, was_full_fallback)
    VALUES (p_pgt_id, now(), now(), p_action, 'RUNNING', 0, 0, p_initiated_by, p_freshness_deadline, 0, false)
    RETURNING refresh_id
$$;

CREATE FUNCTION pgtrickle_emulation.history_finish(p_refresh_id bigint, p_status text, p_ins bigint,
                                                   p_del bigint, p_error text DEFAULT NULL,
                                                   p_delta bigint DEFAULT 0)
RETURNS void LANGUAGE sql AS $$
    UPDATE pgtrickle.pgt_refresh_history
       SET end_time = now(), status = p_status, rows_inserted = p_ins, rows_deleted = p_del,
           error_message = p_error, delta_row_count = p_delta
     WHERE refresh_id = p_refresh_id
$$;

-- The shared implementation of create_stream_table / _if_not_exists /
-- create_or_replace (first creation) / bulk_create.  Returns pgt_id.
CREATE FUNCTION pgtrickle_emulation.create_impl(
    name text, query text, schedule text, refresh_mode text, initialize boolean,
    diamond_consistency text, diamond_schedule_policy text, cdc_mode text,
    append_only boolean, pooler_compatibility_mode boolean, partition_by text,
    max_differential_joins integer, max_delta_fraction double precision,
    output_distribution_column text, temporal boolean, storage_backend text,
    sink text, ducklake_sink_path text, ducklake_sink_table_id bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_is_auto boolean;
    v_mode text;
    v_dc text;
    v_dsp text;
    v_schema text;
    v_name text;
    v_schedule text;
    v_cdc text;
    a jsonb;
    v_relid oid;
    v_id bigint;
    v_backend text;
    v_sink text;
    v_group text[];
    v_defining text;
    v_topk jsonb;
    r record;
BEGIN
    PERFORM pgtrickle_emulation.require_arg(create_impl.name, 'name');
    PERFORM pgtrickle_emulation.require_arg(create_impl.query, 'query');
    PERFORM pgtrickle_emulation.require_arg(create_impl.refresh_mode, 'refresh_mode');
    PERFORM pgtrickle_emulation.require_arg(create_impl.initialize, 'initialize');
    PERFORM pgtrickle_emulation.require_arg(create_impl.append_only, 'append_only');
    PERFORM pgtrickle_emulation.require_arg(create_impl.pooler_compatibility_mode, 'pooler_compatibility_mode');
    PERFORM pgtrickle_emulation.require_arg(create_impl.temporal, 'temporal');

    v_is_auto := upper(create_impl.refresh_mode) = 'AUTO';
    v_mode := pgtrickle_emulation.parse_refresh_mode(create_impl.refresh_mode);

    IF create_impl.diamond_consistency IS NULL THEN
        v_dc := 'atomic';
    ELSIF lower(create_impl.diamond_consistency) IN ('none', 'atomic') THEN
        v_dc := lower(create_impl.diamond_consistency);
    ELSE
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'invalid diamond_consistency value: ''%s'' (expected ''none'' or ''atomic'')', lower(create_impl.diamond_consistency)));
    END IF;
    IF create_impl.diamond_schedule_policy IS NULL THEN
        v_dsp := 'fastest';
    ELSIF lower(btrim(create_impl.diamond_schedule_policy)) IN ('fastest', 'slowest') THEN
        v_dsp := lower(btrim(create_impl.diamond_schedule_policy));
    ELSE
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'invalid diamond_schedule_policy value: ''%s'' (expected ''fastest'' or ''slowest'')', create_impl.diamond_schedule_policy));
    END IF;
    IF v_dsp = 'slowest' AND v_dc = 'none' THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument',
            'diamond_schedule_policy = ''slowest'' requires diamond_consistency = ''atomic''. The ''slowest'' policy is only meaningful when atomic cross-branch reads are enabled. Set diamond_consistency = ''atomic'' or use diamond_schedule_policy = ''fastest''.');
    END IF;

    SELECT s.schema_name, s.table_name INTO v_schema, v_name
      FROM pgtrickle_emulation.split_name(create_impl.name, current_schema()::text) s;

    IF v_mode = 'IMMEDIATE' THEN
        v_schedule := NULL;
    ELSIF create_impl.schedule IS NULL THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', 'use ''calculated'' instead of NULL to set CALCULATED schedule');
    ELSIF lower(btrim(create_impl.schedule, E' \t\n\r\f\v')) = 'calculated' THEN
        v_schedule := NULL;
    ELSE
        v_schedule := pgtrickle_emulation.check_schedule(create_impl.schedule);
    END IF;

    v_cdc := pgtrickle_emulation.normalize_cdc_mode(create_impl.cdc_mode);
    PERFORM pgtrickle_emulation.check_cdc(v_schema || '.' || v_name, v_mode, v_cdc);

    a := pgtrickle_emulation.validate_query_for_mode(create_impl.query, v_mode, v_is_auto);
    v_mode := a ->> 'mode';
    v_topk := CASE WHEN jsonb_typeof(a -> 'topk') = 'object' THEN a -> 'topk' END;

    IF v_is_auto AND v_mode = 'FULL' THEN
        RAISE WARNING '[pg_trickle] Stream table ''%'' will use FULL refresh instead of DIFFERENTIAL. Each refresh will recompute the entire result set from scratch, which is slower than incremental maintenance. See the warnings above for the specific reason and how to fix it. Use SELECT * FROM pgtrickle.explain_refresh_mode(''%'') to check the effective mode after the first refresh.',
            create_impl.name, create_impl.name;
    END IF;

    IF create_impl.append_only THEN
        IF v_mode = 'FULL' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'append_only is not supported with FULL refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
        ELSIF v_mode = 'IMMEDIATE' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'append_only is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
        ELSIF (a ->> 'keyless')::boolean THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'append_only is not supported for stream tables with keyless sources. Add a PRIMARY KEY to all source tables first.');
        END IF;
    END IF;

    IF EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = v_schema AND pgt_name = v_name) THEN
        PERFORM pgtrickle_emulation.fail('already_exists', v_schema || '.' || v_name);
    END IF;

    IF create_impl.partition_by IS NOT NULL THEN
        PERFORM pgtrickle_emulation.validate_partition_key(create_impl.partition_by, a -> 'columns');
        IF v_mode = 'IMMEDIATE' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'partition_by is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
        END IF;
    END IF;

    -- DDL
    v_group := CASE WHEN (a ->> 'differential_parsed')::boolean AND jsonb_typeof(a -> 'key_columns') = 'array'
                    THEN ARRAY(SELECT jsonb_array_elements_text(a -> 'key_columns')) END;
    v_relid := pgtrickle_emulation.create_storage(
        v_schema, v_name, a -> 'columns', a -> 'aux', (a ->> 'keyless')::boolean, create_impl.partition_by,
        v_mode, v_group,
        (a ->> 'differential_parsed')::boolean AND (a ->> 'has_distinct')::boolean);

    IF create_impl.output_distribution_column IS NOT NULL THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', 'output_distribution_column requires Citus to be installed and loaded');
    END IF;

    IF create_impl.temporal THEN
        EXECUTE format('ALTER TABLE %I.%I ADD COLUMN IF NOT EXISTS __pgt_valid_from TIMESTAMPTZ NOT NULL DEFAULT now(), ADD COLUMN IF NOT EXISTS __pgt_valid_to TIMESTAMPTZ',
                       v_schema, v_name);
    END IF;

    IF create_impl.storage_backend IS NOT NULL THEN
        v_backend := lower(create_impl.storage_backend);
        IF v_backend NOT IN ('heap', 'citus', 'pg_mooncake', 'none') THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                'invalid storage_backend ''%s'': expected ''heap'', ''citus'', ''pg_mooncake'', or ''none''', v_backend));
        END IF;
    ELSE
        v_backend := CASE lower(pgtrickle_emulation.guc('columnar_backend', 'none'))
                        WHEN 'citus' THEN 'citus' WHEN 'pg_mooncake' THEN 'pg_mooncake' ELSE 'heap' END;
    END IF;

    v_defining := CASE WHEN v_topk IS NOT NULL THEN v_topk ->> 'base_query' ELSE a ->> 'query' END;

    INSERT INTO pgtrickle.pgt_stream_tables (
        pgt_relid, pgt_name, pgt_schema, defining_query, original_query, schedule, refresh_mode, status,
        is_populated, topk_limit, topk_order_by, topk_offset, diamond_consistency, diamond_schedule_policy,
        has_keyless_source, requested_cdc_mode, is_append_only, max_differential_joins, max_delta_fraction,
        pooler_compatibility_mode, st_partition_key, temporal_mode, storage_backend, defining_query_hash)
    VALUES (
        v_relid, v_name, v_schema, v_defining,
        CASE WHEN create_impl.query <> v_defining THEN create_impl.query END,
        v_schedule, v_mode, 'INITIALIZING', false,
        (v_topk ->> 'limit')::integer, v_topk ->> 'order_by', (v_topk ->> 'offset')::integer,
        v_dc, v_dsp, (a ->> 'keyless')::boolean, v_cdc, create_impl.append_only,
        create_impl.max_differential_joins, create_impl.max_delta_fraction,
        create_impl.pooler_compatibility_mode, create_impl.partition_by, create_impl.temporal, v_backend,
        hashtextextended(v_defining, 0))
    RETURNING pgt_id INTO v_id;

    PERFORM pgtrickle_emulation.insert_dependencies(v_id, a -> 'sources');
    PERFORM pgtrickle_emulation.store_meta(v_id, a);
    PERFORM pgtrickle_emulation.setup_triggers(v_id);

    IF v_schedule IS NULL AND v_mode <> 'IMMEDIATE' AND NOT EXISTS (
           SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.source_relid = v_relid AND d.pgt_id <> v_id) THEN
        RAISE NOTICE 'pg_trickle: Stream table "%"."%" uses CALCULATED schedule but has no downstream dependents yet — it will fall back to the default schedule (pg_trickle.default_schedule_seconds = %s). Add a downstream stream table that references this one to activate the intended schedule.',
            v_schema, v_name, pgtrickle_emulation.guc_int('default_schedule_seconds', 1);
    END IF;

    IF create_impl.initialize THEN
        SELECT * INTO r FROM pgtrickle_emulation.refresh_core(v_id, 'FULL', false);
        UPDATE pgtrickle.pgt_stream_tables
           SET effective_refresh_mode = CASE WHEN v_topk IS NOT NULL THEN 'TOP_K' ELSE v_mode END,
               last_full_ms = CASE WHEN v_mode = 'DIFFERENTIAL' THEN
                                   extract(epoch FROM clock_timestamp() - now()) * 1000 END
         WHERE pgt_id = v_id;
        PERFORM pgtrickle_emulation.history_finish(
            pgtrickle_emulation.history_start(v_id, 'FULL', 'INITIAL'), 'COMPLETED', 0, 0);
    END IF;

    IF create_impl.sink IS NOT NULL OR create_impl.ducklake_sink_path IS NOT NULL
       OR create_impl.ducklake_sink_table_id IS NOT NULL THEN
        v_sink := pgtrickle_emulation.resolve_sink(create_impl.sink);
        UPDATE pgtrickle.pgt_stream_tables
           SET ducklake_sink_mode = v_sink, ducklake_sink_path = create_impl.ducklake_sink_path,
               ducklake_sink_table_id = create_impl.ducklake_sink_table_id
         WHERE pgt_id = v_id;
    END IF;

    RAISE INFO 'Stream table %.% created (pgt_id=%, mode=%, initialized=%)',
        v_schema, v_name, v_id, v_mode, create_impl.initialize;
    RETURN v_id;
END;
$$;

-- ---------------------------------------------------------------------------
-- Public create functions
-- ---------------------------------------------------------------------------
CREATE FUNCTION pgtrickle.create_stream_table(
    "name" text,
    "query" text,
    "schedule" text DEFAULT 'calculated',
    "refresh_mode" text DEFAULT 'AUTO',
    "initialize" boolean DEFAULT true,
    "diamond_consistency" text DEFAULT NULL,
    "diamond_schedule_policy" text DEFAULT NULL,
    "cdc_mode" text DEFAULT NULL,
    "append_only" boolean DEFAULT false,
    "pooler_compatibility_mode" boolean DEFAULT false,
    "partition_by" text DEFAULT NULL,
    "max_differential_joins" integer DEFAULT NULL,
    "max_delta_fraction" double precision DEFAULT NULL,
    "output_distribution_column" text DEFAULT NULL,
    "temporal" boolean DEFAULT false,
    "storage_backend" text DEFAULT NULL,
    "sink" text DEFAULT NULL,
    "ducklake_sink_path" text DEFAULT NULL,
    "ducklake_sink_table_id" bigint DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pgtrickle_emulation.create_impl($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                                            $11, $12, $13, $14, $15, $16, $17, $18, $19);
END;
$$;

CREATE FUNCTION pgtrickle.create_stream_table_if_not_exists(
    "name" text,
    "query" text,
    "schedule" text DEFAULT 'calculated',
    "refresh_mode" text DEFAULT 'AUTO',
    "initialize" boolean DEFAULT true,
    "diamond_consistency" text DEFAULT NULL,
    "diamond_schedule_policy" text DEFAULT NULL,
    "cdc_mode" text DEFAULT NULL,
    "append_only" boolean DEFAULT false,
    "pooler_compatibility_mode" boolean DEFAULT false,
    "partition_by" text DEFAULT NULL,
    "max_differential_joins" integer DEFAULT NULL,
    "max_delta_fraction" double precision DEFAULT NULL,
    "output_distribution_column" text DEFAULT NULL,
    "temporal" boolean DEFAULT false,
    "storage_backend" text DEFAULT NULL,
    "sink" text DEFAULT NULL,
    "ducklake_sink_path" text DEFAULT NULL,
    "ducklake_sink_table_id" bigint DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_schema text;
    v_name text;
BEGIN
    PERFORM pgtrickle_emulation.require_arg($1, 'name');
    SELECT s.schema_name, s.table_name INTO v_schema, v_name
      FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    IF EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = v_schema AND pgt_name = v_name) THEN
        RAISE INFO 'Stream table %.% already exists — skipping creation.', v_schema, v_name;
        RETURN;
    END IF;
    PERFORM pgtrickle_emulation.create_impl($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                                            $11, $12, $13, $14, $15, $16, $17, $18, $19);
END;
$$;

-- ---------------------------------------------------------------------------
-- Manual refresh
-- ---------------------------------------------------------------------------

-- refresh_stream_table_impl + execute_manual_refresh.  Returns false when
-- the refresh was skipped because another one holds the lock (the caller
-- turns that into the NOTICE).
CREATE FUNCTION pgtrickle_emulation.manual_refresh(p_name text)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
    v_action text;
    v_hist bigint;
    r record;
BEGIN
    IF pg_is_in_recovery() THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument',
            'Cannot refresh stream tables on a read replica. The server is in recovery mode (pg_is_in_recovery() = true). Run refresh on the primary server instead.');
    END IF;
    SELECT s.schema_name, s.table_name INTO v_schema, v_name
      FROM pgtrickle_emulation.split_name(p_name, current_schema()::text) s;
    st := pgtrickle_emulation.lookup(v_schema, v_name);
    IF st.status IN ('SUSPENDED', 'ERROR') THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'stream table %s.%s is %s ; use pgtrickle.resume_stream_table(''%s'') first',
            v_schema, v_name,
            CASE WHEN st.status = 'SUSPENDED' THEN 'suspended' ELSE 'in error state' END,
            CASE WHEN v_schema = 'public' THEN v_name ELSE v_schema || '.' || v_name END));
    END IF;
    IF NOT pg_try_advisory_xact_lock(st.pgt_id) THEN
        RETURN false;
    END IF;
    PERFORM 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    st := pgtrickle_emulation.lookup(v_schema, v_name);

    v_action := CASE WHEN st.topk_limit IS NOT NULL THEN 'FULL'
                     WHEN st.refresh_mode IN ('FULL', 'IMMEDIATE') THEN 'FULL'
                     WHEN st.frontier IS NULL THEN 'FULL'
                     ELSE 'DIFFERENTIAL' END;
    v_hist := pgtrickle_emulation.history_start(st.pgt_id, v_action, 'MANUAL');

    IF st.needs_reinit THEN
        RAISE INFO 'Stream table %.%: needs_reinit is set, performing FULL reinitialization', v_schema, v_name;
    ELSIF v_action = 'FULL' AND st.refresh_mode = 'DIFFERENTIAL' AND st.topk_limit IS NULL THEN
        RAISE INFO 'Stream table %.%: no previous frontier, performing FULL refresh first', v_schema, v_name;
    END IF;

    SELECT * INTO r FROM pgtrickle_emulation.refresh_core(st.pgt_id,
        CASE WHEN st.needs_reinit THEN 'REINITIALIZE' ELSE v_action END, false);

    PERFORM pgtrickle_emulation.history_finish(v_hist, 'COMPLETED', r.rows_inserted, r.rows_deleted);
    UPDATE pgtrickle.pgt_stream_tables
       SET effective_refresh_mode = CASE WHEN st.topk_limit IS NOT NULL THEN 'TOP_K'
                                         WHEN st.needs_reinit THEN 'FULL' ELSE v_action END
     WHERE pgt_id = st.pgt_id;

    IF st.needs_reinit AND st.topk_limit IS NULL THEN
        RAISE INFO 'Stream table %.% refreshed (FULL)', v_schema, v_name;
    ELSIF st.topk_limit IS NOT NULL THEN
        RAISE INFO 'Stream table %.% refreshed (TopK MERGE: +% -%)', v_schema, v_name, r.rows_inserted, r.rows_deleted;
    ELSIF v_action = 'DIFFERENTIAL' THEN
        RAISE INFO 'Stream table %.% refreshed (DIFFERENTIAL: +% -%)', v_schema, v_name, r.rows_inserted, r.rows_deleted;
    ELSIF r.rows_inserted > 0 OR r.rows_deleted > 0 OR NOT st.is_populated THEN
        RAISE INFO 'Stream table %.% refreshed (FULL)', v_schema, v_name;
    ELSE
        RAISE INFO 'Stream table %.% refreshed (FULL, no-op — data_timestamp preserved)', v_schema, v_name;
    END IF;
    RETURN true;
END;
$$;

CREATE FUNCTION pgtrickle.refresh_stream_table("name" text)
RETURNS void LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
BEGIN
    IF NOT pgtrickle_emulation.manual_refresh($1) THEN
        SELECT s.schema_name, s.table_name INTO v_schema, v_name
          FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
        RAISE NOTICE 'refresh skipped: %.% — another refresh is already in progress', v_schema, v_name;
    END IF;
END;
$$;

CREATE FUNCTION pgtrickle.write_and_refresh("sql" text, "stream_table_name" text)
RETURNS void LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
BEGIN
    EXECUTE $1;
    IF NOT pgtrickle_emulation.manual_refresh($2) THEN
        SELECT s.schema_name, s.table_name INTO v_schema, v_name
          FROM pgtrickle_emulation.split_name($2, current_schema()::text) s;
        RAISE NOTICE 'refresh skipped: %.% — another refresh is already in progress', v_schema, v_name;
    END IF;
END;
$$;

-- Same body semantics as the real PL/pgSQL helper: looks history up by
-- pgt_name only (a schema-qualified name never matches).
CREATE FUNCTION pgtrickle.refresh_if_stale(p_name text, p_max_age interval DEFAULT '00:05:00'::interval)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_last_end timestamptz;
BEGIN
    SELECT max(h.end_time) INTO v_last_end
      FROM pgtrickle.pgt_refresh_history h
      JOIN pgtrickle.pgt_stream_tables s USING (pgt_id)
     WHERE s.pgt_name = p_name AND h.status = 'COMPLETED';
    IF v_last_end IS NULL OR (now() - v_last_end) > p_max_age THEN
        PERFORM pgtrickle.refresh_stream_table(p_name);
        RETURN true;
    END IF;
    RETURN false;
END;
$$;
COMMENT ON FUNCTION pgtrickle.refresh_if_stale(text, interval) IS
    'Refresh the named stream table only when the most recent completed refresh is older than max_age.  Returns TRUE when a refresh was triggered, FALSE when the table was fresh enough.';

-- ---------------------------------------------------------------------------
-- resume / drop
-- ---------------------------------------------------------------------------
CREATE FUNCTION pgtrickle.resume_stream_table("name" text)
RETURNS void LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name
      FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    st := pgtrickle_emulation.lookup(v_schema, v_name);
    IF st.status NOT IN ('SUSPENDED', 'ERROR') THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'stream table %s.%s is not suspended or in error state (current status: %s)', v_schema, v_name, st.status));
    END IF;
    UPDATE pgtrickle.pgt_stream_tables
       SET status = 'ACTIVE', consecutive_errors = 0, last_error_message = NULL, last_error_at = NULL,
           updated_at = now()
     WHERE pgt_id = st.pgt_id;
    PERFORM pgtrickle_emulation.emit_alert('resumed', v_schema, v_name,
                                           '{"previous_status": "SUSPENDED"}', st.pooler_compatibility_mode);
    RAISE INFO 'Stream table %.% resumed (pgt_id=%)', v_schema, v_name, st.pgt_id;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.check_ownership(st pgtrickle.pgt_stream_tables)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT coalesce((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = st.pgt_relid), false)
       AND NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) THEN
        PERFORM pgtrickle_emulation.fail('permission', format('must be owner of stream table %s.%s', st.pgt_schema, st.pgt_name));
    END IF;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.drop_impl(p_name text, p_cascade boolean, p_visited bigint[])
RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
    v_down bigint[];
    v_names text;
    dn record;
    v_visited bigint[] := p_visited;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name
      FROM pgtrickle_emulation.split_name(p_name, current_schema()::text) s;
    st := pgtrickle_emulation.lookup(v_schema, v_name);
    IF st.pgt_id = ANY (v_visited) THEN
        RETURN v_visited;
    END IF;
    v_visited := v_visited || st.pgt_id;
    IF array_length(v_visited, 1) = 1 THEN
        PERFORM pgtrickle_emulation.check_ownership(st);
    END IF;

    SELECT array_agg(DISTINCT d.pgt_id ORDER BY d.pgt_id) INTO v_down
      FROM pgtrickle.pgt_dependencies d WHERE d.source_relid = st.pgt_relid AND d.pgt_id <> st.pgt_id;
    IF v_down IS NOT NULL AND NOT p_cascade THEN
        SELECT string_agg(s.pgt_schema || '.' || s.pgt_name, ', ' ORDER BY array_position(v_down, s.pgt_id))
          INTO v_names FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id = ANY (v_down);
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'stream table %s.%s has dependent stream tables: %s. Use cascade => true to drop them automatically.',
            v_schema, v_name, v_names));
    END IF;
    FOR dn IN SELECT s.pgt_schema, s.pgt_name FROM pgtrickle.pgt_stream_tables s
              WHERE s.pgt_id = ANY (coalesce(v_down, '{}')) ORDER BY s.pgt_id LOOP
        v_visited := pgtrickle_emulation.drop_impl(dn.pgt_schema || '.' || dn.pgt_name, p_cascade, v_visited);
    END LOOP;

    IF st.downstream_publication_name IS NOT NULL THEN
        EXECUTE format('DROP PUBLICATION IF EXISTS %I', st.downstream_publication_name);
    END IF;
    PERFORM pgtrickle_emulation.teardown_triggers(st.pgt_id);
    -- the storage-table drop must not be treated as a user DROP TABLE
    PERFORM set_config('pgtrickle_emulation.dropping', st.pgt_id::text, true);
    EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', v_schema, v_name);
    PERFORM set_config('pgtrickle_emulation.dropping', '', true);
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I()', v_schema, '_pgt_guard_' || replace(v_name, '"', ''));
    DELETE FROM pgtrickle.pgt_stream_tables WHERE pgt_id = st.pgt_id;
    RAISE INFO 'Stream table %.% dropped (pgt_id=%)', v_schema, v_name, st.pgt_id;
    RETURN v_visited;
END;
$$;

CREATE FUNCTION pgtrickle.drop_stream_table("name" text, "cascade" boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql STRICT AS $$
BEGIN
    PERFORM pgtrickle_emulation.drop_impl($1, $2, '{}');
END;
$$;

-- ---------------------------------------------------------------------------
-- alter_stream_table
-- ---------------------------------------------------------------------------

-- ALTER QUERY: validate, migrate storage (same / compatible / rebuild),
-- rewire dependencies, full refresh.
CREATE FUNCTION pgtrickle_emulation.alter_query(st pgtrickle.pgt_stream_tables, p_query text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    a jsonb;
    v_old jsonb;
    v_new jsonb := '[]';
    v_kind text := 'same';
    v_reason text;
    c jsonb;
    o jsonb;
    v_relid oid := st.pgt_relid;
    v_topk jsonb;
    v_defining text;
    v_aux_old text[];
    v_aux_new text[];
    x text;
    v_group text[];
    v_cycle text;
    r record;
BEGIN
    a := pgtrickle_emulation.validate_query_for_mode(p_query, st.refresh_mode, false);
    v_topk := CASE WHEN jsonb_typeof(a -> 'topk') = 'object' THEN a -> 'topk' END;

    -- cycle check: a new STREAM_TABLE source that (transitively) reads us
    WITH RECURSIVE down(pgt_id, relid, path) AS (
        SELECT s.pgt_id, s.pgt_relid, ARRAY[st.pgt_schema || '.' || st.pgt_name]
          FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id = st.pgt_id
        UNION
        SELECT s.pgt_id, s.pgt_relid, down.path || (s.pgt_schema || '.' || s.pgt_name)
          FROM down
          JOIN pgtrickle.pgt_dependencies d ON d.source_relid = down.relid
          JOIN pgtrickle.pgt_stream_tables s ON s.pgt_id = d.pgt_id
         WHERE array_length(down.path, 1) < 64 AND NOT (s.pgt_schema || '.' || s.pgt_name) = ANY (down.path)
    )
    SELECT array_to_string(down.path || (st.pgt_schema || '.' || st.pgt_name), ' -> ') INTO v_cycle
      FROM down
     WHERE down.relid IN (SELECT (e ->> 'oid')::oid FROM jsonb_array_elements(a -> 'sources') e)
     LIMIT 1;
    IF v_cycle IS NOT NULL AND NOT pgtrickle_emulation.guc_bool('allow_circular', false) THEN
        PERFORM pgtrickle_emulation.fail('cycle', v_cycle);
    END IF;

    -- classify the storage change
    SELECT coalesce(jsonb_agg(jsonb_build_object('name', a2.attname::text, 'type', format_type(a2.atttypid, NULL)) ORDER BY a2.attnum), '[]')
      INTO v_old
      FROM pg_attribute a2
     WHERE a2.attrelid = st.pgt_relid AND a2.attnum > 0 AND NOT a2.attisdropped AND a2.attname NOT LIKE '\_\_pgt\_%';
    FOR c IN SELECT * FROM jsonb_array_elements(a -> 'columns') LOOP
        v_new := v_new || jsonb_build_object('name', c ->> 'name', 'type', c ->> 'type');
    END LOOP;
    IF v_old <> v_new THEN
        v_kind := 'compatible';
        FOR c IN SELECT * FROM jsonb_array_elements(v_new) LOOP
            SELECT e INTO o FROM jsonb_array_elements(v_old) e WHERE e ->> 'name' = c ->> 'name';
            IF o IS NOT NULL AND o ->> 'type' <> c ->> 'type' THEN
                v_kind := 'incompatible';
                v_reason := format('column ''%s'' type changed from %s to %s', c ->> 'name', o ->> 'type', c ->> 'type');
                EXIT;
            END IF;
        END LOOP;
    END IF;

    UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED', updated_at = now() WHERE pgt_id = st.pgt_id;
    PERFORM pgtrickle_emulation.teardown_triggers(st.pgt_id);
    PERFORM set_config('pgtrickle_emulation.internal_ddl', 'on', true);
    DELETE FROM pgtrickle.pgt_dependencies WHERE pgt_id = st.pgt_id;

    v_group := CASE WHEN (a ->> 'differential_parsed')::boolean AND jsonb_typeof(a -> 'key_columns') = 'array'
                    THEN ARRAY(SELECT jsonb_array_elements_text(a -> 'key_columns')) END;
    IF v_kind = 'incompatible' THEN
        RAISE WARNING 'pg_trickle: ALTER QUERY requires full storage rebuild: %. The storage table OID will change.', v_reason;
        UPDATE pgtrickle.pgt_stream_tables SET pgt_relid = 0 WHERE pgt_id = st.pgt_id;
        PERFORM set_config('pgtrickle_emulation.dropping', st.pgt_id::text, true);
        EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', st.pgt_schema, st.pgt_name);
        PERFORM set_config('pgtrickle_emulation.dropping', '', true);
        v_relid := pgtrickle_emulation.create_storage(
            st.pgt_schema, st.pgt_name, a -> 'columns', a -> 'aux', (a ->> 'keyless')::boolean, st.st_partition_key,
            st.refresh_mode, v_group, (a ->> 'differential_parsed')::boolean AND (a ->> 'has_distinct')::boolean);
    ELSE
        IF v_kind = 'compatible' THEN
            FOR o IN SELECT * FROM jsonb_array_elements(v_old) LOOP
                IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_new) e WHERE e ->> 'name' = o ->> 'name') THEN
                    EXECUTE format('ALTER TABLE %I.%I DROP COLUMN %I', st.pgt_schema, st.pgt_name, o ->> 'name');
                END IF;
            END LOOP;
            FOR c IN SELECT * FROM jsonb_array_elements(v_new) LOOP
                IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_old) e WHERE e ->> 'name' = c ->> 'name') THEN
                    EXECUTE format('ALTER TABLE %I.%I ADD COLUMN %I %s', st.pgt_schema, st.pgt_name, c ->> 'name', c ->> 'type');
                END IF;
            END LOOP;
        END IF;
        -- auxiliary columns
        SELECT array_agg(attname::text) INTO v_aux_old FROM pg_attribute
         WHERE attrelid = st.pgt_relid AND attnum > 0 AND NOT attisdropped AND attname LIKE '\_\_pgt\_%'
           AND attname NOT IN ('__pgt_row_id', '__pgt_valid_from', '__pgt_valid_to');
        SELECT array_agg(e ->> 'name') INTO v_aux_new FROM jsonb_array_elements(a -> 'aux') e;
        FOREACH x IN ARRAY coalesce(v_aux_old, '{}') LOOP
            IF NOT x = ANY (coalesce(v_aux_new, '{}')) THEN
                EXECUTE format('ALTER TABLE %I.%I DROP COLUMN %I', st.pgt_schema, st.pgt_name, x);
            END IF;
        END LOOP;
        FOR c IN SELECT * FROM jsonb_array_elements(a -> 'aux') LOOP
            IF NOT (c ->> 'name') = ANY (coalesce(v_aux_old, '{}')) THEN
                EXECUTE format('ALTER TABLE %I.%I ADD COLUMN %I %s', st.pgt_schema, st.pgt_name, c ->> 'name', c ->> 'decl');
            END IF;
        END LOOP;
    END IF;

    v_defining := CASE WHEN v_topk IS NOT NULL THEN v_topk ->> 'base_query' ELSE a ->> 'query' END;
    UPDATE pgtrickle.pgt_stream_tables
       SET pgt_relid = v_relid, defining_query = v_defining,
           original_query = CASE WHEN p_query <> v_defining THEN p_query END,
           topk_limit = (v_topk ->> 'limit')::integer, topk_order_by = v_topk ->> 'order_by',
           topk_offset = (v_topk ->> 'offset')::integer, needs_reinit = false,
           defining_query_hash = hashtextextended(v_defining, 0), frontier = NULL, is_populated = false,
           has_keyless_source = (a ->> 'keyless')::boolean, updated_at = now()
     WHERE pgt_id = st.pgt_id;
    PERFORM set_config('pgtrickle_emulation.internal_ddl', '', true);
    PERFORM pgtrickle_emulation.insert_dependencies(st.pgt_id, a -> 'sources');
    PERFORM pgtrickle_emulation.store_meta(st.pgt_id, a);
    PERFORM pgtrickle_emulation.setup_triggers(st.pgt_id);
    SELECT * INTO r FROM pgtrickle_emulation.refresh_core(st.pgt_id, 'FULL', false);
END;
$$;

CREATE FUNCTION pgtrickle_emulation.alter_impl(
    name text, query text, schedule text, refresh_mode text, status text,
    diamond_consistency text, diamond_schedule_policy text, cdc_mode text,
    append_only boolean, pooler_compatibility_mode boolean, tier text, fuse text,
    fuse_ceiling bigint, fuse_sensitivity integer, partition_by text,
    max_differential_joins integer, max_delta_fraction double precision,
    post_refresh_action text, reindex_drift_threshold double precision,
    sink text, ducklake_sink_path text, ducklake_sink_table_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
    v_cdc text;
    v_target text;
    v_old_mode text;
    v_dc text;
    v_dsp text;
    v_tier text;
    v_fuse text;
    v_ceiling bigint;
    v_sens integer;
    v_pk text;
    v_pra text;
    r record;
    v_status text;
BEGIN
    PERFORM pgtrickle_emulation.require_arg(alter_impl.name, 'name');
    SELECT s.schema_name, s.table_name INTO v_schema, v_name
      FROM pgtrickle_emulation.split_name(alter_impl.name, current_schema()::text) s;
    st := pgtrickle_emulation.lookup(v_schema, v_name);
    PERFORM pgtrickle_emulation.check_ownership(st);

    IF alter_impl.query IS NOT NULL THEN
        PERFORM pgtrickle_emulation.alter_query(st, alter_impl.query);
        st := pgtrickle_emulation.lookup(v_schema, v_name);
    END IF;

    IF alter_impl.partition_by IS NOT NULL THEN
        v_pk := nullif(btrim(alter_impl.partition_by), '');
        IF v_pk IS DISTINCT FROM st.st_partition_key THEN
            IF v_pk IS NOT NULL THEN
                PERFORM pgtrickle_emulation.validate_partition_key(v_pk,
                    (SELECT jsonb_agg(jsonb_build_object('name', x)) FROM unnest(
                        (SELECT user_columns FROM pgtrickle_emulation.st_meta WHERE pgt_id = st.pgt_id)) x));
                IF st.refresh_mode = 'IMMEDIATE' THEN
                    PERFORM pgtrickle_emulation.fail('invalid_argument', 'partition_by is not supported with IMMEDIATE refresh mode. Use DIFFERENTIAL or AUTO refresh mode.');
                END IF;
            END IF;
            UPDATE pgtrickle.pgt_stream_tables SET st_partition_key = v_pk WHERE pgt_id = st.pgt_id;
            -- rebuild storage with the new partitioning and reload
            PERFORM pgtrickle_emulation.alter_query(
                (SELECT s FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_id = st.pgt_id),
                pgtrickle_emulation.effective_query(st));
            st := pgtrickle_emulation.lookup(v_schema, v_name);
        END IF;
    END IF;

    v_cdc := coalesce(pgtrickle_emulation.normalize_cdc_mode(alter_impl.cdc_mode), st.requested_cdc_mode);
    v_target := CASE WHEN alter_impl.refresh_mode IS NOT NULL
                     THEN pgtrickle_emulation.parse_refresh_mode(alter_impl.refresh_mode) ELSE st.refresh_mode END;
    PERFORM pgtrickle_emulation.check_cdc(v_schema || '.' || v_name, v_target, v_cdc);
    IF v_cdc IS DISTINCT FROM st.requested_cdc_mode THEN
        UPDATE pgtrickle.pgt_stream_tables SET requested_cdc_mode = v_cdc, updated_at = now() WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.schedule IS NOT NULL THEN
        IF lower(btrim(alter_impl.schedule, E' \t\n\r\f\v')) = 'calculated' THEN
            UPDATE pgtrickle.pgt_stream_tables SET schedule = NULL, updated_at = now() WHERE pgt_id = st.pgt_id;
        ELSE
            UPDATE pgtrickle.pgt_stream_tables
               SET schedule = pgtrickle_emulation.check_schedule(alter_impl.schedule), updated_at = now()
             WHERE pgt_id = st.pgt_id;
        END IF;
    END IF;

    IF alter_impl.refresh_mode IS NOT NULL THEN
        v_old_mode := st.refresh_mode;
        IF v_target <> v_old_mode THEN
            IF v_target = 'IMMEDIATE' AND st.topk_limit IS NOT NULL
               AND (pgtrickle_emulation.guc_int('ivm_topk_max_limit', 1000) = 0
                    OR st.topk_limit > pgtrickle_emulation.guc_int('ivm_topk_max_limit', 1000)) THEN
                PERFORM pgtrickle_emulation.fail('unsupported', format(
                    'Cannot switch TopK stream table (LIMIT %s) to IMMEDIATE mode. Exceeds pg_trickle.ivm_topk_max_limit = %s. Raise the threshold or keep using DIFFERENTIAL/FULL mode.',
                    st.topk_limit, pgtrickle_emulation.guc_int('ivm_topk_max_limit', 1000)));
            END IF;
            PERFORM pgtrickle_emulation.teardown_triggers(st.pgt_id);
            -- writes the literal (upper-cased) input: AUTO / INCREMENTAL
            -- violate the CHECK constraint (23514) exactly like 0.67.0
            UPDATE pgtrickle.pgt_stream_tables SET refresh_mode = upper(alter_impl.refresh_mode), updated_at = now()
             WHERE pgt_id = st.pgt_id;
            IF v_target = 'IMMEDIATE' THEN
                UPDATE pgtrickle.pgt_stream_tables SET schedule = NULL WHERE pgt_id = st.pgt_id;
            ELSIF v_old_mode = 'IMMEDIATE' AND alter_impl.schedule IS NULL THEN
                UPDATE pgtrickle.pgt_stream_tables SET schedule = coalesce(schedule, '1m') WHERE pgt_id = st.pgt_id;
            END IF;
            PERFORM pgtrickle_emulation.setup_triggers(st.pgt_id);
            SELECT * INTO r FROM pgtrickle_emulation.refresh_core(st.pgt_id, 'FULL', false);
            RAISE WARNING 'pg_trickle: stream table %.% refresh mode changed from % to %; a full refresh was applied. This may take time on large tables.',
                v_schema, v_name, v_old_mode, v_target;
        ELSE
            UPDATE pgtrickle.pgt_stream_tables SET refresh_mode = upper(alter_impl.refresh_mode), updated_at = now()
             WHERE pgt_id = st.pgt_id;
        END IF;
    END IF;

    IF alter_impl.cdc_mode IS NOT NULL AND v_target <> 'IMMEDIATE' THEN
        RAISE INFO 'Stream table %.% updated requested cdc_mode to %', v_schema, v_name,
            coalesce(v_cdc, lower(pgtrickle_emulation.guc('cdc_mode', 'auto')));
    END IF;

    IF alter_impl.status IS NOT NULL THEN
        v_status := upper(alter_impl.status);
        IF v_status NOT IN ('INITIALIZING', 'ACTIVE', 'SUSPENDED', 'ERROR') THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'unknown status: ' || v_status);
        END IF;
        UPDATE pgtrickle.pgt_stream_tables SET status = v_status, updated_at = now() WHERE pgt_id = st.pgt_id;
        IF v_status = 'ACTIVE' THEN
            UPDATE pgtrickle.pgt_stream_tables SET consecutive_errors = 0, updated_at = now() WHERE pgt_id = st.pgt_id;
        END IF;
    END IF;

    IF alter_impl.diamond_consistency IS NOT NULL THEN
        v_dc := lower(alter_impl.diamond_consistency);
        IF v_dc NOT IN ('none', 'atomic') THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                'invalid diamond_consistency value: ''%s'' (expected ''none'' or ''atomic'')', v_dc));
        END IF;
        v_dsp := CASE WHEN lower(btrim(alter_impl.diamond_schedule_policy)) IN ('fastest', 'slowest')
                      THEN lower(btrim(alter_impl.diamond_schedule_policy)) ELSE st.diamond_schedule_policy END;
        IF v_dsp = 'slowest' AND v_dc = 'none' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument',
                'diamond_schedule_policy = ''slowest'' requires diamond_consistency = ''atomic''. The ''slowest'' policy is only meaningful when atomic cross-branch reads are enabled. Set diamond_consistency = ''atomic'' or use diamond_schedule_policy = ''fastest''.');
        END IF;
        UPDATE pgtrickle.pgt_stream_tables SET diamond_consistency = v_dc, updated_at = now() WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.diamond_schedule_policy IS NOT NULL THEN
        v_dsp := lower(btrim(alter_impl.diamond_schedule_policy));
        IF v_dsp NOT IN ('fastest', 'slowest') THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                'invalid diamond_schedule_policy value: ''%s'' (expected ''fastest'' or ''slowest'')', alter_impl.diamond_schedule_policy));
        END IF;
        IF alter_impl.diamond_consistency IS NULL AND v_dsp = 'slowest' AND st.diamond_consistency = 'none' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument',
                'diamond_schedule_policy = ''slowest'' requires diamond_consistency = ''atomic''. The ''slowest'' policy is only meaningful when atomic cross-branch reads are enabled. Set diamond_consistency = ''atomic'' or use diamond_schedule_policy = ''fastest''.');
        END IF;
        UPDATE pgtrickle.pgt_stream_tables SET diamond_schedule_policy = v_dsp, updated_at = now() WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.append_only IS NOT NULL THEN
        IF alter_impl.append_only THEN
            IF v_target = 'FULL' THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', 'append_only is not supported with FULL refresh mode.');
            ELSIF v_target = 'IMMEDIATE' THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', 'append_only is not supported with IMMEDIATE refresh mode.');
            ELSIF st.has_keyless_source THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', 'append_only is not supported for stream tables with keyless sources.');
            END IF;
        END IF;
        UPDATE pgtrickle.pgt_stream_tables SET is_append_only = alter_impl.append_only, updated_at = now() WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.pooler_compatibility_mode IS NOT NULL THEN
        UPDATE pgtrickle.pgt_stream_tables SET pooler_compatibility_mode = alter_impl.pooler_compatibility_mode, updated_at = now()
         WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.tier IS NOT NULL THEN
        v_tier := lower(alter_impl.tier);
        IF v_tier NOT IN ('hot', 'warm', 'cold', 'frozen') THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                'invalid tier value: ''%s'' (expected ''hot'', ''warm'', ''cold'', or ''frozen'')', alter_impl.tier));
        END IF;
        IF st.refresh_tier = 'hot' AND v_tier = 'cold' THEN
            RAISE NOTICE 'stream table %.% demoted from hot to cold — effective refresh interval is now 10× the configured schedule', st.pgt_schema, st.pgt_name;
        ELSIF st.refresh_tier = 'hot' AND v_tier = 'frozen' THEN
            RAISE NOTICE 'stream table %.% demoted from hot to frozen — refresh is suspended until the tier is changed back', st.pgt_schema, st.pgt_name;
        END IF;
        UPDATE pgtrickle.pgt_stream_tables SET refresh_tier = v_tier, updated_at = now() WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.fuse IS NOT NULL OR alter_impl.fuse_ceiling IS NOT NULL OR alter_impl.fuse_sensitivity IS NOT NULL THEN
        IF alter_impl.fuse IS NOT NULL THEN
            v_fuse := lower(alter_impl.fuse);
            IF v_fuse NOT IN ('off', 'on', 'auto') THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                    'invalid fuse value: ''%s'' (expected ''off'', ''on'', or ''auto'')', alter_impl.fuse));
            END IF;
        ELSE
            v_fuse := st.fuse_mode;
        END IF;
        v_ceiling := coalesce(alter_impl.fuse_ceiling, st.fuse_ceiling);
        v_sens := coalesce(alter_impl.fuse_sensitivity, st.fuse_sensitivity);
        IF v_ceiling <= 0 THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'fuse_ceiling must be a positive integer');
        END IF;
        IF v_sens <= 0 THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'fuse_sensitivity must be a positive integer');
        END IF;
        UPDATE pgtrickle.pgt_stream_tables
           SET fuse_mode = v_fuse, fuse_ceiling = v_ceiling, fuse_sensitivity = v_sens,
               fuse_state = CASE WHEN v_fuse = 'off' THEN 'armed' ELSE fuse_state END, updated_at = now()
         WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.max_differential_joins IS NOT NULL THEN
        IF alter_impl.max_differential_joins < 0 THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'max_differential_joins must be a non-negative integer (0 disables the limit)');
        END IF;
        UPDATE pgtrickle.pgt_stream_tables SET max_differential_joins = nullif(alter_impl.max_differential_joins, 0), updated_at = now()
         WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.max_delta_fraction IS NOT NULL THEN
        IF alter_impl.max_delta_fraction < 0 THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', 'max_delta_fraction must be a non-negative number (0 disables the limit)');
        END IF;
        UPDATE pgtrickle.pgt_stream_tables SET max_delta_fraction = nullif(alter_impl.max_delta_fraction, 0), updated_at = now()
         WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.post_refresh_action IS NOT NULL THEN
        v_pra := lower(alter_impl.post_refresh_action);
        IF v_pra NOT IN ('none', 'analyze', 'reindex', 'reindex_if_drift') THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format(
                'invalid post_refresh_action ''%s'': expected ''none'', ''analyze'', ''reindex'', or ''reindex_if_drift''', v_pra));
        END IF;
        UPDATE pgtrickle.pgt_stream_tables
           SET post_refresh_action = v_pra, reindex_drift_threshold = alter_impl.reindex_drift_threshold, updated_at = now()
         WHERE pgt_id = st.pgt_id;
    ELSIF alter_impl.reindex_drift_threshold IS NOT NULL THEN
        UPDATE pgtrickle.pgt_stream_tables SET reindex_drift_threshold = alter_impl.reindex_drift_threshold, updated_at = now()
         WHERE pgt_id = st.pgt_id;
    END IF;

    IF st.status = 'ERROR' THEN
        UPDATE pgtrickle.pgt_stream_tables
           SET last_error_message = NULL, last_error_at = NULL, status = 'ACTIVE', consecutive_errors = 0, updated_at = now()
         WHERE pgt_id = st.pgt_id;
    END IF;

    IF alter_impl.sink IS NOT NULL OR alter_impl.ducklake_sink_path IS NOT NULL OR alter_impl.ducklake_sink_table_id IS NOT NULL THEN
        UPDATE pgtrickle.pgt_stream_tables
           SET ducklake_sink_mode = pgtrickle_emulation.resolve_sink(alter_impl.sink),
               ducklake_sink_path = coalesce(alter_impl.ducklake_sink_path, ducklake_sink_path),
               ducklake_sink_table_id = coalesce(alter_impl.ducklake_sink_table_id, ducklake_sink_table_id),
               updated_at = now()
         WHERE pgt_id = st.pgt_id;
    END IF;
END;
$$;

CREATE FUNCTION pgtrickle.alter_stream_table(
    "name" text,
    "query" text DEFAULT NULL,
    "schedule" text DEFAULT NULL,
    "refresh_mode" text DEFAULT NULL,
    "status" text DEFAULT NULL,
    "diamond_consistency" text DEFAULT NULL,
    "diamond_schedule_policy" text DEFAULT NULL,
    "cdc_mode" text DEFAULT NULL,
    "append_only" boolean DEFAULT NULL,
    "pooler_compatibility_mode" boolean DEFAULT NULL,
    "tier" text DEFAULT NULL,
    "fuse" text DEFAULT NULL,
    "fuse_ceiling" bigint DEFAULT NULL,
    "fuse_sensitivity" integer DEFAULT NULL,
    "partition_by" text DEFAULT NULL,
    "max_differential_joins" integer DEFAULT NULL,
    "max_delta_fraction" double precision DEFAULT NULL,
    "post_refresh_action" text DEFAULT NULL,
    "reindex_drift_threshold" double precision DEFAULT NULL,
    "sink" text DEFAULT NULL,
    "ducklake_sink_path" text DEFAULT NULL,
    "ducklake_sink_table_id" bigint DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pgtrickle_emulation.alter_impl($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                                           $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22);
END;
$$;

-- ---------------------------------------------------------------------------
-- create_or_replace_stream_table (16 arguments, no sink arguments)
-- ---------------------------------------------------------------------------
CREATE FUNCTION pgtrickle.create_or_replace_stream_table(
    "name" text,
    "query" text,
    "schedule" text DEFAULT 'calculated',
    "refresh_mode" text DEFAULT 'AUTO',
    "initialize" boolean DEFAULT true,
    "diamond_consistency" text DEFAULT NULL,
    "diamond_schedule_policy" text DEFAULT NULL,
    "cdc_mode" text DEFAULT NULL,
    "append_only" boolean DEFAULT false,
    "pooler_compatibility_mode" boolean DEFAULT false,
    "partition_by" text DEFAULT NULL,
    "max_differential_joins" integer DEFAULT NULL,
    "max_delta_fraction" double precision DEFAULT NULL,
    "output_distribution_column" text DEFAULT NULL,
    "temporal" boolean DEFAULT false,
    "storage_backend" text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
    a jsonb;
    v_new_query text;
    v_query_changed boolean;
    d_schedule text;
    d_mode text;
    d_dc text;
    d_dsp text;
    d_cdc text;
    d_ao boolean;
    d_pcm boolean;
    v_new_mode text;
    v_cdc_norm text;
    v_config_changed boolean;
BEGIN
    PERFORM pgtrickle_emulation.require_arg($1, 'name');
    SELECT s.schema_name, s.table_name INTO v_schema, v_name
      FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    st := pgtrickle_emulation.lookup(v_schema, v_name, false);
    IF st.pgt_id IS NULL THEN
        PERFORM pgtrickle_emulation.create_impl($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                                                $11, $12, $13, $14, $15, $16, NULL, NULL, NULL);
        RETURN;
    END IF;
    PERFORM pgtrickle_emulation.require_arg($2, 'query');
    PERFORM pgtrickle_emulation.require_arg($4, 'refresh_mode');

    -- query comparison (TopK parts stripped, whitespace collapsed)
    a := pgtrickle_emulation.analyze_query($2);
    v_new_query := CASE WHEN jsonb_typeof(a -> 'topk') = 'object' THEN a -> 'topk' ->> 'base_query' ELSE a ->> 'query' END;
    v_query_changed := regexp_replace(btrim(st.defining_query), '\s+', ' ', 'g')
                       <> regexp_replace(btrim(v_new_query), '\s+', ' ', 'g');

    -- config comparison (compute_config_diff)
    IF $3 IS NULL THEN
        d_schedule := CASE WHEN st.schedule IS NOT NULL THEN 'calculated' END;
    ELSIF lower(btrim($3)) = 'calculated' THEN
        d_schedule := CASE WHEN st.schedule IS NOT NULL THEN $3 END;
    ELSE
        d_schedule := CASE WHEN st.schedule IS DISTINCT FROM btrim($3) THEN $3 END;
    END IF;
    BEGIN
        v_new_mode := pgtrickle_emulation.parse_refresh_mode($4);
    EXCEPTION WHEN invalid_parameter_value THEN
        v_new_mode := 'DIFFERENTIAL';
    END;
    d_mode := CASE WHEN v_new_mode <> st.refresh_mode THEN $4 END;
    d_dc := CASE WHEN (CASE WHEN $6 IS NULL THEN 'atomic'
                            WHEN lower($6) = 'atomic' THEN 'atomic' ELSE 'none' END) <> st.diamond_consistency
                 THEN $6 END;
    d_dsp := CASE WHEN (CASE WHEN lower(btrim($7)) = 'slowest' THEN 'slowest' ELSE 'fastest' END) <> st.diamond_schedule_policy
                  THEN $7 END;
    v_cdc_norm := lower(btrim($8));
    d_cdc := CASE WHEN v_cdc_norm IS DISTINCT FROM st.requested_cdc_mode THEN $8 END;
    d_ao := CASE WHEN $9 IS DISTINCT FROM st.is_append_only THEN $9 END;
    d_pcm := CASE WHEN $10 IS DISTINCT FROM st.pooler_compatibility_mode THEN $10 END;
    v_config_changed := d_schedule IS NOT NULL OR d_mode IS NOT NULL OR d_dc IS NOT NULL OR d_dsp IS NOT NULL
                        OR d_cdc IS NOT NULL OR d_ao IS NOT NULL OR d_pcm IS NOT NULL;

    IF NOT v_query_changed AND NOT v_config_changed THEN
        RAISE INFO 'Stream table %.% already exists with identical definition — no changes made.', v_schema, v_name;
        RETURN;
    END IF;

    PERFORM pgtrickle_emulation.alter_impl($1,
        CASE WHEN v_query_changed THEN $2 END, d_schedule, d_mode, NULL, d_dc, d_dsp, d_cdc, d_ao, d_pcm,
        NULL, NULL, NULL, NULL, NULL, $12, $13, NULL, NULL, NULL, NULL, NULL);
    RAISE INFO 'Stream table %.% replaced (query_changed=%, config_changed=%).',
        v_schema, v_name, v_query_changed, v_config_changed;
END;
$$;

-- ---------------------------------------------------------------------------
-- bulk_create and the two broken bulk helpers
-- ---------------------------------------------------------------------------
CREATE FUNCTION pgtrickle.bulk_create("definitions" jsonb)
RETURNS jsonb LANGUAGE plpgsql STRICT AS $$
DECLARE
    e jsonb;
    i integer := 0;
    v_name text;
    v_query text;
    v_results jsonb := '[]';
    v_id bigint;
    v_msg text;
    v_state text;
    v_schema text;
    v_tbl text;
    -- returns the value only when it has the expected JSON type (serde as_str / as_bool / ...)
BEGIN
    IF jsonb_typeof($1) <> 'array' THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', 'bulk_create() expects a JSONB array of stream table definitions');
    END IF;
    IF jsonb_array_length($1) = 0 THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', 'bulk_create() definitions array is empty');
    END IF;
    FOR e IN SELECT x FROM jsonb_array_elements($1) WITH ORDINALITY t(x, o) ORDER BY o LOOP
        IF jsonb_typeof(e) <> 'object' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format('bulk_create() element [%s] is not a JSON object', i));
        END IF;
        IF jsonb_typeof(e -> 'name') IS DISTINCT FROM 'string' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format('bulk_create() element [%s] missing required "name" string', i));
        END IF;
        v_name := e ->> 'name';
        IF jsonb_typeof(e -> 'query') IS DISTINCT FROM 'string' THEN
            PERFORM pgtrickle_emulation.fail('invalid_argument', format('bulk_create() element [%s] "%s" missing required "query" string', i, v_name));
        END IF;
        v_query := e ->> 'query';
        BEGIN
            v_id := pgtrickle_emulation.create_impl(
                v_name, v_query,
                pgtrickle_emulation.json_str(e, 'schedule'),
                coalesce(pgtrickle_emulation.json_str(e, 'refresh_mode'), 'AUTO'),
                coalesce(pgtrickle_emulation.json_bool(e, 'initialize'), true),
                pgtrickle_emulation.json_str(e, 'diamond_consistency'),
                pgtrickle_emulation.json_str(e, 'diamond_schedule_policy'),
                pgtrickle_emulation.json_str(e, 'cdc_mode'),
                coalesce(pgtrickle_emulation.json_bool(e, 'append_only'), false),
                coalesce(pgtrickle_emulation.json_bool(e, 'pooler_compatibility_mode'), false),
                pgtrickle_emulation.json_str(e, 'partition_by'),
                CASE WHEN jsonb_typeof(e -> 'max_differential_joins') = 'number'
                          AND (e ->> 'max_differential_joins') ~ '^-?[0-9]+$'
                     THEN (e ->> 'max_differential_joins')::bigint::integer END,
                CASE WHEN jsonb_typeof(e -> 'max_delta_fraction') = 'number' THEN (e ->> 'max_delta_fraction')::double precision END,
                pgtrickle_emulation.json_str(e, 'output_distribution_column'),
                coalesce(pgtrickle_emulation.json_bool(e, 'temporal'), false),
                pgtrickle_emulation.json_str(e, 'storage_backend'),
                pgtrickle_emulation.json_str(e, 'sink'),
                pgtrickle_emulation.json_str(e, 'ducklake_sink_path'),
                CASE WHEN jsonb_typeof(e -> 'ducklake_sink_table_id') = 'number'
                          AND (e ->> 'ducklake_sink_table_id') ~ '^-?[0-9]+$'
                     THEN (e ->> 'ducklake_sink_table_id')::bigint END);
        EXCEPTION WHEN others THEN
            GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
            -- pg_trickle-level errors are re-wrapped (SQLSTATE lost); native
            -- PostgreSQL errors keep their SQLSTATE
            IF pgtrickle_emulation.is_trickle_error(v_msg) THEN
                PERFORM pgtrickle_emulation.fail('invalid_argument',
                    format('bulk_create() failed on element [%s] "%s": %s', i, v_name, v_msg));
            END IF;
            RAISE;
        END;
        SELECT s.schema_name, s.table_name INTO v_schema, v_tbl
          FROM pgtrickle_emulation.split_name(v_name, current_schema()::text) s;
        v_results := v_results || jsonb_build_object('name', v_name, 'status', 'created',
            'pgt_id', coalesce((SELECT pgt_id FROM pgtrickle.pgt_stream_tables
                                 WHERE pgt_schema = v_schema AND pgt_name = v_tbl), -1));
        i := i + 1;
    END LOOP;
    RAISE INFO 'pg_trickle: bulk_create created % stream table(s)', jsonb_array_length(v_results);
    RETURN v_results;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.json_str(e jsonb, k text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(e -> k) = 'string' THEN e ->> k END
$$;

CREATE FUNCTION pgtrickle_emulation.json_bool(e jsonb, k text)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(e -> k) = 'boolean' THEN (e ->> k)::boolean END
$$;

-- Is this message one of pg_trickle's own error texts (as opposed to a
-- native PostgreSQL error raised inside it)?
CREATE FUNCTION pgtrickle_emulation.is_trickle_error(p_msg text)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_msg ~ '^(query parse error|type mismatch|unsupported operator for DIFFERENTIAL mode|cycle detected in dependency graph|stream table not found|stream table already exists|invalid argument|query too complex|permission denied: must be owner|upstream table|lock timeout|replication slot error|WAL transition error|SPI error): '
$$;

-- Broken in 0.67.0: runs "ALTER STREAM TABLE s.t SET (k = 'v')" -> 42601.
CREATE FUNCTION pgtrickle.bulk_alter_stream_tables("names" text[], "params" json)
RETURNS integer LANGUAGE plpgsql STRICT AS $$
DECLARE
    n text;
    kv record;
    v_schema text;
    v_tbl text;
    v_count integer := 0;
BEGIN
    IF json_typeof($2) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = 'bulk_alter_stream_tables: params must be a JSON object';
    END IF;
    FOREACH n IN ARRAY $1 LOOP
        CONTINUE WHEN n IS NULL;
        SELECT s.schema_name, s.table_name INTO v_schema, v_tbl FROM pgtrickle_emulation.split_name(n, 'public') s;
        FOR kv IN SELECT key, value FROM json_each_text($2) LOOP
            EXECUTE format('ALTER STREAM TABLE %s.%s SET (%s = %L)', v_schema, v_tbl, kv.key, kv.value);
        END LOOP;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END;
$$;

-- Broken in 0.67.0: passes the schema as the boolean cascade argument -> 22P02.
CREATE FUNCTION pgtrickle.bulk_drop_stream_tables("names" text[])
RETURNS integer LANGUAGE plpgsql STRICT AS $$
DECLARE
    n text;
    v_schema text;
    v_tbl text;
    v_count integer := 0;
BEGIN
    FOREACH n IN ARRAY $1 LOOP
        CONTINUE WHEN n IS NULL;
        SELECT s.schema_name, s.table_name INTO v_schema, v_tbl FROM pgtrickle_emulation.split_name(n, 'public') s;
        EXECUTE format('SELECT pgtrickle.drop_stream_table(%L, %L)', v_tbl, v_schema);
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END;
$$;

-- ===========================================================================
-- Monitoring / diagnostics functions
-- ===========================================================================

-- Number of emulated scheduler connections for this database (stands in for
-- backend_type = 'pg_trickle scheduler').
CREATE FUNCTION pgtrickle_emulation.scheduler_count(p_all_databases boolean DEFAULT false)
RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT count(*)::integer FROM pg_stat_activity
     WHERE application_name = 'pg_trickle scheduler'
       AND (p_all_databases OR datname = current_database())
$$;

CREATE FUNCTION pgtrickle.parse_duration_seconds("input" text)
RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT pgtrickle_emulation.try_duration("input")
$$;

CREATE FUNCTION pgtrickle.version()
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT '0.67.0'::text $$;

CREATE FUNCTION pgtrickle.version_check()
RETURNS text LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_ext text := coalesce((SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pg_trickle'), 'unknown');
BEGIN
    IF v_ext <> '0.67.0' THEN
        RAISE WARNING 'pg_trickle: version mismatch — library (.so) is 0.67.0 but SQL extension is %. Restart PostgreSQL after ALTER EXTENSION pg_trickle UPDATE to load the new library.', v_ext;
    END IF;
    RETURN format('{"library_version":"0.67.0","extension_version":"%s","pg_version":"%s","version_match":%s}',
                  v_ext, replace(version(), '"', '\"'), CASE WHEN v_ext = '0.67.0' THEN 'true' ELSE 'false' END);
END;
$$;

CREATE FUNCTION pgtrickle.preflight()
RETURNS text LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_preload boolean := current_setting('shared_preload_libraries') LIKE '%pg_trickle%';
    v_running boolean := pgtrickle_emulation.scheduler_count() > 0;
    v_enabled boolean := pgtrickle_emulation.guc_bool('enabled', true);
    v_max integer := current_setting('max_worker_processes')::integer;
    v_pool integer := pgtrickle_emulation.guc_int('max_dynamic_refresh_workers', 4);
    v_wal text := current_setting('wal_level');
    v_wal_sources bigint := (SELECT count(DISTINCT source_relid) FROM pgtrickle.pgt_dependencies WHERE cdc_mode = 'WAL');
    v_max_slots bigint := current_setting('max_replication_slots')::bigint;
    v_used_slots bigint := (SELECT count(*) FROM pg_catalog.pg_replication_slots WHERE plugin IS NOT NULL);
    v jsonb;
BEGIN
    v := jsonb_build_object(
        'shared_preload_libraries', jsonb_build_object('ok', v_preload, 'detail',
            CASE WHEN v_preload THEN 'pg_trickle is in shared_preload_libraries'
                 ELSE 'pg_trickle is NOT in shared_preload_libraries — add it and restart' END),
        'scheduler_running', jsonb_build_object('ok', v_running AND v_enabled, 'detail',
            CASE WHEN NOT v_enabled THEN 'pg_trickle.enabled = off — scheduler is disabled'
                 WHEN NOT v_running THEN 'Scheduler background worker is not running — check PostgreSQL logs'
                 ELSE 'Scheduler is running and enabled' END),
        'max_worker_processes', jsonb_build_object('ok', v_max >= 8 + v_pool, 'detail',
            format('max_worker_processes=%s, recommended_min=%s (8 + pool_size=%s), active_pg_trickle_workers=%s',
                   v_max, 8 + v_pool, v_pool, 0)),
        'wal_level', jsonb_build_object('ok', v_wal = 'logical' OR v_wal_sources = 0, 'detail',
            format('wal_level=%s, wal_cdc_sources=%s — %s', v_wal, v_wal_sources,
                   CASE WHEN v_wal = 'logical' OR v_wal_sources = 0 THEN 'OK'
                        ELSE 'wal_level must be ''logical'' for WAL-mode CDC — run: ALTER SYSTEM SET wal_level = logical' END)),
        'replication_slots', jsonb_build_object('ok', v_wal_sources = 0 OR v_max_slots - v_used_slots > 0, 'detail',
            format('max_replication_slots=%s, used=%s, available=%s, wal_sources=%s',
                   v_max_slots, v_used_slots, v_max_slots - v_used_slots, v_wal_sources)),
        'invalidation_ring_overflow', jsonb_build_object('ok', true, 'count', 0, 'detail',
            format('ring_capacity=%s, overflow_count=0 — No overflows since startup',
                   pgtrickle_emulation.guc_int('invalidation_ring_capacity', 1024))),
        'citus_worker_failures', jsonb_build_object('ok', true, 'detail',
            'citus_worker_failure_total=0 — No Citus worker threshold crossings since startup'));
    RETURN pgtrickle_emulation.json_compact(v);
END;
$$;

CREATE FUNCTION pgtrickle.pgt_status()
RETURNS TABLE ("name" text, "status" text, "refresh_mode" text, "is_populated" boolean,
               "consecutive_errors" integer, "schedule" text, "data_timestamp" timestamptz,
               "staleness" interval, "scc_id" integer)
LANGUAGE sql STRICT AS $$
    SELECT st.pgt_schema || '.' || st.pgt_name, st.status, st.refresh_mode, st.is_populated,
           st.consecutive_errors, st.schedule, st.data_timestamp, now() - st.data_timestamp, st.scc_id
      FROM pgtrickle.pgt_stream_tables st
     ORDER BY st.pgt_schema, st.pgt_name
$$;

CREATE FUNCTION pgtrickle.get_refresh_history("name" text, "max_rows" integer DEFAULT 20)
RETURNS TABLE ("refresh_id" bigint, "data_timestamp" timestamptz, "start_time" timestamptz,
               "end_time" timestamptz, "action" text, "status" text, "rows_inserted" bigint,
               "rows_deleted" bigint, "duration_ms" double precision, "error_message" text)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, 'public') s;
    RETURN QUERY
        SELECT h.refresh_id, h.data_timestamp, h.start_time, h.end_time, h.action, h.status,
               coalesce(h.rows_inserted, 0), coalesce(h.rows_deleted, 0),
               (extract(epoch FROM (h.end_time - h.start_time)) * 1000)::double precision,
               h.error_message
          FROM pgtrickle.pgt_refresh_history h
          JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = h.pgt_id
         WHERE st.pgt_schema = v_schema AND st.pgt_name = v_name
         ORDER BY h.refresh_id DESC
         LIMIT $2;
END;
$$;

CREATE FUNCTION pgtrickle.get_staleness("name" text)
RETURNS double precision LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, 'public') s;
    RETURN (SELECT extract(epoch FROM (now() - st.data_timestamp))::double precision
              FROM pgtrickle.pgt_stream_tables st
             WHERE st.pgt_schema = v_schema AND st.pgt_name = v_name);
END;
$$;

CREATE FUNCTION pgtrickle.st_auto_threshold("name" text)
RETURNS double precision LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, 'public') s;
    RETURN (SELECT st.auto_threshold FROM pgtrickle.pgt_stream_tables st
             WHERE st.pgt_schema = v_schema AND st.pgt_name = v_name);
END;
$$;

CREATE FUNCTION pgtrickle.health_check()
RETURNS TABLE ("check_name" text, "severity" text, "detail" text)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_list text[];
    v_n integer;
    v_mode text := lower(pgtrickle_emulation.guc('parallel_refresh_mode', 'on'));
    v_max integer;
BEGIN
    v_n := pgtrickle_emulation.scheduler_count();
    check_name := 'scheduler_running';
    IF v_n > 0 THEN
        severity := 'OK'; detail := format('%s worker(s) running', v_n);
    ELSE
        severity := 'ERROR';
        detail := 'No pg_trickle launcher or scheduler background worker found in pg_stat_activity. Check that pg_trickle is in shared_preload_libraries and pg_trickle.enabled = on.';
    END IF;
    RETURN NEXT;

    SELECT array_agg(x ORDER BY x) INTO v_list FROM (
        SELECT pgt_schema || '.' || pgt_name AS x FROM pgtrickle.pgt_stream_tables WHERE status IN ('ERROR', 'SUSPENDED')) s;
    check_name := 'error_tables';
    IF v_list IS NULL THEN
        severity := 'OK'; detail := 'All stream tables are ACTIVE or INITIALIZING';
    ELSE
        severity := 'ERROR';
        detail := format('%s stream table(s) in ERROR/SUSPENDED: %s', array_length(v_list, 1), array_to_string(v_list, ', '));
    END IF;
    RETURN NEXT;

    SELECT array_agg(x ORDER BY x) INTO v_list FROM (
        SELECT i.pgt_schema || '.' || i.pgt_name AS x FROM pgtrickle.stream_tables_info i WHERE i.stale = true) s;
    check_name := 'stale_tables';
    IF v_list IS NULL THEN
        severity := 'OK'; detail := 'No stale stream tables';
    ELSE
        severity := 'WARN';
        detail := format('%s stale stream table(s) (scheduler behind its schedule): %s', array_length(v_list, 1), array_to_string(v_list, ', '));
    END IF;
    RETURN NEXT;

    SELECT array_agg(x ORDER BY x) INTO v_list FROM (
        SELECT pgt_schema || '.' || pgt_name AS x FROM pgtrickle.pgt_stream_tables WHERE needs_reinit) s;
    check_name := 'needs_reinit';
    IF v_list IS NULL THEN
        severity := 'OK'; detail := 'No stream tables awaiting reinitialization';
    ELSE
        severity := 'WARN';
        detail := format('%s stream table(s) need reinitialization (DDL change detected): %s', array_length(v_list, 1), array_to_string(v_list, ', '));
    END IF;
    RETURN NEXT;

    SELECT array_agg(x ORDER BY e DESC) INTO v_list FROM (
        SELECT pgt_schema || '.' || pgt_name AS x, consecutive_errors AS e FROM pgtrickle.pgt_stream_tables
         WHERE consecutive_errors > 0 AND status NOT IN ('ERROR', 'SUSPENDED')) s;
    check_name := 'consecutive_errors';
    IF v_list IS NULL THEN
        severity := 'OK'; detail := 'No stream tables accumulating refresh errors';
    ELSE
        severity := 'WARN';
        detail := format('%s stream table(s) have consecutive errors (approaching auto-suspend): %s', array_length(v_list, 1), array_to_string(v_list, ', '));
    END IF;
    RETURN NEXT;

    SELECT array_agg(x ORDER BY p DESC) INTO v_list FROM (
        SELECT b.source_table || ' (' || b.pending_rows || ' pending)' AS x, b.pending_rows AS p
          FROM pgtrickle.change_buffer_sizes() b WHERE b.pending_rows > 10000) s;
    check_name := 'buffer_growth';
    IF v_list IS NULL THEN
        severity := 'OK'; detail := 'All CDC buffers within normal range';
    ELSE
        severity := 'WARN';
        detail := format('%s CDC buffer(s) exceeding 10 000 pending rows — differential refresh may be stalled: %s', array_length(v_list, 1), array_to_string(v_list, ', '));
    END IF;
    RETURN NEXT;

    check_name := 'slot_lag'; severity := 'OK'; detail := 'All WAL replication slots within normal range';
    RETURN NEXT;

    IF v_mode <> 'off' THEN
        v_max := greatest(pgtrickle_emulation.guc_int('max_dynamic_refresh_workers', 4), 1);
        check_name := 'worker_pool'; severity := 'OK';
        detail := format('%s/%s worker tokens in use (mode=%s)', 0, v_max, v_mode);
        RETURN NEXT;
        v_n := (SELECT count(*) FROM pgtrickle.pgt_scheduler_jobs WHERE status = 'QUEUED');
        check_name := 'job_queue';
        IF v_n > 10 THEN
            severity := 'WARN'; detail := format('%s jobs queued — refresh work is backing up. Workers may be overloaded or failing.', v_n);
        ELSIF v_n > 0 THEN
            severity := 'OK'; detail := format('%s job(s) waiting in queue', v_n);
        ELSE
            severity := 'OK'; detail := 'No jobs queued';
        END IF;
        RETURN NEXT;
    END IF;

    SELECT array_agg(format('ST "%s" has a publication attached by role "%s" but owned by "%s"', x, pr, tr) ORDER BY x) INTO v_list
      FROM (SELECT st.pgt_schema || '.' || st.pgt_name AS x, pub_role.rolname AS pr, st_role.rolname AS tr
              FROM pgtrickle.pgt_stream_tables st
              JOIN pg_catalog.pg_publication pub ON pub.pubname = st.downstream_publication_name
              JOIN pg_catalog.pg_class cls ON cls.oid = st.pgt_relid
              JOIN pg_catalog.pg_roles st_role ON st_role.oid = cls.relowner
              JOIN pg_catalog.pg_roles pub_role ON pub_role.oid = pub.pubowner
             WHERE pub_role.rolname IS DISTINCT FROM st_role.rolname) s;
    check_name := 'attachment_owner_check';
    IF v_list IS NULL THEN
        severity := 'OK'; detail := 'No outbox/publication ownership mismatches';
    ELSE
        severity := 'WARNING';
        detail := format('%s attachment(s) created by non-owner: %s. Review outbox/publication created by non-owner; consider re-attaching as owner or granting explicit permissions.',
                         array_length(v_list, 1), array_to_string(v_list, '; '));
    END IF;
    RETURN NEXT;
END;
$$;

-- Broken in 0.67.0: reads a column stream_tables_info does not have (42703).
CREATE FUNCTION pgtrickle.health_summary()
RETURNS TABLE ("total_stream_tables" integer, "active_count" integer, "error_count" integer,
               "suspended_count" integer, "stale_count" integer, "reinit_pending" integer,
               "max_staleness_seconds" double precision, "scheduler_status" text,
               "cache_hit_rate" double precision)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_max double precision;
BEGIN
    EXECUTE 'SELECT max(staleness_seconds)::float8 FROM pgtrickle.stream_tables_info' INTO v_max;
    RETURN;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.buffer_bytes(p_source oid)
RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(pg_total_relation_size(to_regclass(format('pgtrickle_changes.%I', 'changes_' || p_source))), 0)::bigint
$$;

CREATE FUNCTION pgtrickle.change_buffer_sizes()
RETURNS TABLE ("stream_table" text, "source_table" text, "source_oid" bigint, "cdc_mode" text,
               "pending_rows" bigint, "buffer_bytes" bigint)
LANGUAGE sql STRICT AS $$
    WITH sizes AS (
        SELECT s.source_relid, pgtrickle_emulation.buffer_bytes(s.source_relid) AS buffer_bytes
          FROM (SELECT DISTINCT source_relid FROM pgtrickle.pgt_dependencies) s)
    SELECT st.pgt_schema || '.' || st.pgt_name,
           n.nspname::text || '.' || c.relname::text,
           d.source_relid::bigint,
           d.cdc_mode,
           CASE WHEN d.source_type = 'TABLE' THEN pgtrickle_emulation.pending_rows(d.source_relid, st.frontier) ELSE 0 END,
           sizes.buffer_bytes
      FROM pgtrickle.pgt_dependencies d
      JOIN sizes ON sizes.source_relid = d.source_relid
      JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = d.pgt_id
      JOIN pg_class c ON c.oid = d.source_relid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     ORDER BY 1, 2
$$;

CREATE FUNCTION pgtrickle.check_cdc_health()
RETURNS TABLE ("source_relid" bigint, "source_table" text, "cdc_mode" text, "slot_name" text,
               "lag_bytes" bigint, "confirmed_lsn" text, "alert" text, "selective_capture" boolean)
LANGUAGE sql STRICT AS $$
    SELECT DISTINCT ON (d.source_relid)
           d.source_relid::bigint,
           coalesce(to_regclass(d.source_relid::text)::text, 'oid:' || d.source_relid),
           d.cdc_mode,
           CASE WHEN d.cdc_mode IN ('WAL', 'TRANSITIONING') THEN d.slot_name END,
           CASE WHEN d.cdc_mode IN ('WAL', 'TRANSITIONING') THEN 0::bigint END,
           d.decoder_confirmed_lsn::text,
           NULL::text,
           false
      FROM pgtrickle.pgt_dependencies d
     WHERE d.source_type = 'TABLE'
     ORDER BY d.source_relid
$$;

CREATE FUNCTION pgtrickle.slot_health()
RETURNS TABLE ("slot_name" text, "source_relid" bigint, "active" boolean, "retained_wal_bytes" bigint,
               "wal_status" text)
LANGUAGE sql STRICT AS $$
    SELECT ct.slot_name, ct.source_relid::bigint, true, 0::bigint, 'trigger'::text
      FROM pgtrickle.pgt_change_tracking ct
$$;

CREATE FUNCTION pgtrickle.list_sources("name" text)
RETURNS TABLE ("source_table" text, "source_oid" bigint, "source_type" text, "cdc_mode" text,
               "columns_used" text)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, 'public') s;
    RETURN QUERY
        SELECT n.nspname::text || '.' || c.relname::text, d.source_relid::bigint, d.source_type, d.cdc_mode,
               d.columns_used::text
          FROM pgtrickle.pgt_dependencies d
          JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = d.pgt_id AND st.pgt_schema = v_schema AND st.pgt_name = v_name
          JOIN pg_class c ON c.oid = d.source_relid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         ORDER BY 1;
END;
$$;

-- dependency_tree(): roots are stream tables that read no other stream
-- table; children are downstream stream tables, then source tables.
CREATE FUNCTION pgtrickle_emulation.tree_dfs(p_node text, p_depth integer, p_connector text, p_cont text)
RETURNS TABLE (tree_line text, node text, node_type text, depth integer, status text, refresh_mode text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    st record;
    kids text[];
    srcs text[];
    v_cont text;
    i integer;
    total integer;
    k text;
BEGIN
    SELECT s.status, s.refresh_mode INTO st FROM pgtrickle.pgt_stream_tables s WHERE s.pgt_schema || '.' || s.pgt_name = p_node;
    tree_line := p_cont || p_connector || p_node; node := p_node; depth := p_depth;
    IF FOUND THEN
        node_type := 'stream_table'; status := st.status; refresh_mode := st.refresh_mode;
    ELSE
        node_type := 'source_table'; status := NULL; refresh_mode := NULL;
    END IF;
    RETURN NEXT;
    SELECT array_agg(DISTINCT cs.pgt_schema || '.' || cs.pgt_name ORDER BY cs.pgt_schema || '.' || cs.pgt_name) INTO kids
      FROM pgtrickle.pgt_stream_tables up
      JOIN pgtrickle.pgt_dependencies d ON d.source_relid = up.pgt_relid
      JOIN pgtrickle.pgt_stream_tables cs ON cs.pgt_id = d.pgt_id
     WHERE up.pgt_schema || '.' || up.pgt_name = p_node;
    SELECT array_agg(x ORDER BY x) INTO srcs FROM (
        SELECT DISTINCT n.nspname::text || '.' || c.relname::text AS x
          FROM pgtrickle.pgt_stream_tables cs
          JOIN pgtrickle.pgt_dependencies d ON d.pgt_id = cs.pgt_id
          JOIN pg_class c ON c.oid = d.source_relid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE cs.pgt_schema || '.' || cs.pgt_name = p_node
           AND NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables s2
                            WHERE s2.pgt_schema = n.nspname::text AND s2.pgt_name = c.relname::text)) s;
    v_cont := p_cont || CASE WHEN p_connector IN ('└── ', '') THEN '    ' ELSE '│   ' END;
    total := coalesce(array_length(kids, 1), 0) + coalesce(array_length(srcs, 1), 0);
    i := 0;
    FOREACH k IN ARRAY coalesce(kids, '{}') LOOP
        i := i + 1;
        RETURN QUERY SELECT * FROM pgtrickle_emulation.tree_dfs(k, p_depth + 1,
                                  CASE WHEN i = total THEN '└── ' ELSE '├── ' END, v_cont);
    END LOOP;
    FOREACH k IN ARRAY coalesce(srcs, '{}') LOOP
        i := i + 1;
        tree_line := v_cont || CASE WHEN i = total THEN '└── ' ELSE '├── ' END || k || ' [src]';
        node := k; node_type := 'source_table'; depth := p_depth + 1; status := NULL; refresh_mode := NULL;
        RETURN NEXT;
    END LOOP;
END;
$$;

CREATE FUNCTION pgtrickle.dependency_tree()
RETURNS TABLE ("tree_line" text, "node" text, "node_type" text, "depth" integer, "status" text,
               "refresh_mode" text)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    roots text[];
    i integer := 0;
    r text;
BEGIN
    SELECT array_agg(x ORDER BY x) INTO roots FROM (
        SELECT s.pgt_schema || '.' || s.pgt_name AS x FROM pgtrickle.pgt_stream_tables s
         WHERE NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d
                             JOIN pgtrickle.pgt_stream_tables up ON up.pgt_relid = d.source_relid
                            WHERE d.pgt_id = s.pgt_id)) q;
    FOREACH r IN ARRAY coalesce(roots, '{}') LOOP
        i := i + 1;
        RETURN QUERY SELECT * FROM pgtrickle_emulation.tree_dfs(r, 0,
            CASE WHEN array_length(roots, 1) = 1 THEN '' WHEN i = array_length(roots, 1) THEN '└── ' ELSE '├── ' END, '');
    END LOOP;
END;
$$;

CREATE FUNCTION pgtrickle.st_refresh_stats()
RETURNS TABLE ("pgt_name" text, "pgt_schema" text, "status" text, "refresh_mode" text, "is_populated" boolean,
               "total_refreshes" bigint, "successful_refreshes" bigint, "failed_refreshes" bigint,
               "total_rows_inserted" bigint, "total_rows_deleted" bigint, "avg_duration_ms" double precision,
               "last_refresh_action" text, "last_refresh_status" text, "last_refresh_at" timestamptz,
               "staleness_secs" double precision, "stale" boolean, "consecutive_errors" integer,
               "schedule" text, "refresh_tier" text, "last_error_message" text, "downstream_publication" text)
LANGUAGE sql STRICT AS $$
    SELECT st.pgt_name, st.pgt_schema, st.status, st.refresh_mode, st.is_populated,
           coalesce(stats.total_refreshes, 0)::bigint,
           coalesce(stats.successful_refreshes, 0)::bigint,
           coalesce(stats.failed_refreshes, 0)::bigint,
           coalesce(stats.total_rows_inserted, 0)::bigint,
           coalesce(stats.total_rows_deleted, 0)::bigint,
           coalesce(stats.avg_duration_ms, 0)::float8,
           last_hist.action, last_hist.status, st.last_refresh_at,
           extract(epoch FROM (now() - st.data_timestamp))::float8,
           coalesce(CASE WHEN st.schedule IS NOT NULL AND st.data_timestamp IS NOT NULL
                              AND st.schedule NOT LIKE '% %' AND st.schedule NOT LIKE '@%'
                         THEN extract(epoch FROM (now() - st.data_timestamp)) > pgtrickle.parse_duration_seconds(st.schedule)
                              AND extract(epoch FROM (now() - st.last_refresh_at)) > pgtrickle.parse_duration_seconds(st.schedule) * 3
                    END, false),
           st.consecutive_errors, st.schedule, coalesce(st.refresh_tier, 'hot'), st.last_error_message,
           st.downstream_publication_name
      FROM pgtrickle.pgt_stream_tables st
      LEFT JOIN LATERAL (
          SELECT count(*) AS total_refreshes,
                 count(*) FILTER (WHERE h.status = 'COMPLETED') AS successful_refreshes,
                 count(*) FILTER (WHERE h.status = 'FAILED') AS failed_refreshes,
                 coalesce(sum(h.rows_inserted), 0) AS total_rows_inserted,
                 coalesce(sum(h.rows_deleted), 0) AS total_rows_deleted,
                 CASE WHEN count(*) FILTER (WHERE h.end_time IS NOT NULL) > 0
                      THEN avg(extract(epoch FROM (h.end_time - h.start_time)) * 1000) FILTER (WHERE h.end_time IS NOT NULL)
                      ELSE 0 END AS avg_duration_ms
            FROM pgtrickle.pgt_refresh_history h WHERE h.pgt_id = st.pgt_id) stats ON true
      LEFT JOIN LATERAL (
          SELECT h2.action, h2.status FROM pgtrickle.pgt_refresh_history h2
           WHERE h2.pgt_id = st.pgt_id ORDER BY h2.refresh_id DESC LIMIT 1) last_hist ON true
     ORDER BY st.pgt_schema, st.pgt_name
$$;

CREATE FUNCTION pgtrickle.refresh_timeline("max_rows" integer DEFAULT 50)
RETURNS TABLE ("start_time" timestamptz, "stream_table" text, "action" text, "status" text,
               "rows_inserted" bigint, "rows_deleted" bigint, "duration_ms" double precision,
               "error_message" text)
LANGUAGE sql STRICT AS $$
    SELECT h.start_time, st.pgt_schema || '.' || st.pgt_name, h.action, h.status,
           coalesce(h.rows_inserted, 0), coalesce(h.rows_deleted, 0),
           (extract(epoch FROM (h.end_time - h.start_time)) * 1000)::double precision, h.error_message
      FROM pgtrickle.pgt_refresh_history h
      JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = h.pgt_id
     ORDER BY h.refresh_id DESC
     LIMIT "max_rows"
$$;

CREATE FUNCTION pgtrickle.metrics_summary()
RETURNS TABLE ("db_name" text, "total_stream_tables" bigint, "active_stream_tables" bigint,
               "suspended_stream_tables" bigint, "total_refreshes" bigint, "successful_refreshes" bigint,
               "failed_refreshes" bigint, "total_rows_processed" bigint, "active_workers" integer,
               "ivm_lock_parse_error_count" bigint)
LANGUAGE sql STRICT AS $$
    SELECT current_database()::text,
           (SELECT count(*) FROM pgtrickle.pgt_stream_tables),
           (SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE status = 'ACTIVE'),
           (SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE status = 'SUSPENDED'),
           (SELECT count(*) FROM pgtrickle.pgt_refresh_history),
           (SELECT count(*) FROM pgtrickle.pgt_refresh_history WHERE status = 'COMPLETED'),
           (SELECT count(*) FROM pgtrickle.pgt_refresh_history WHERE status = 'FAILED'),
           (SELECT coalesce(sum(coalesce(rows_inserted, 0) + coalesce(rows_deleted, 0)), 0)::bigint
              FROM pgtrickle.pgt_refresh_history),
           0, 0::bigint
$$;

CREATE FUNCTION pgtrickle.cache_stats()
RETURNS TABLE ("l1_hits" bigint, "l2_hits" bigint, "misses" bigint, "evictions" bigint, "l1_size" integer)
LANGUAGE sql STRICT AS $$ SELECT 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0 $$;

CREATE FUNCTION pgtrickle.reliability_counters()
RETURNS TABLE ("invalidation_ring_overflows" bigint, "dag_cycles_detected" bigint,
               "template_cache_stale_evictions" bigint)
LANGUAGE sql STRICT AS $$ SELECT 0::bigint, 0::bigint, 0::bigint $$;

CREATE FUNCTION pgtrickle.explain_refresh_mode("name" text)
RETURNS TABLE ("configured_mode" text, "effective_mode" text, "downgrade_reason" text)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
    st record;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    SELECT x.refresh_mode, x.effective_refresh_mode INTO st FROM pgtrickle.pgt_stream_tables x
     WHERE x.pgt_schema = v_schema AND x.pgt_name = v_name;
    IF NOT FOUND THEN
        PERFORM pgtrickle_emulation.fail('internal', format('diagnostic error: stream table ''%s'' not found', $1));
    END IF;
    configured_mode := st.refresh_mode;
    effective_mode := st.effective_refresh_mode;
    downgrade_reason := CASE
        WHEN st.refresh_mode IN ('AUTO', 'DIFFERENTIAL') AND st.effective_refresh_mode = 'FULL' THEN
            'The most recent refresh used FULL mode. Possible causes: defining query contains a CTE or unsupported operator, adaptive change-ratio threshold was exceeded, or aggregate saturation occurred. Check pgtrickle.pgt_refresh_history for details.'
        WHEN st.refresh_mode IN ('AUTO', 'DIFFERENTIAL') AND st.effective_refresh_mode = 'APPEND_ONLY' THEN
            'The most recent refresh used the APPEND_ONLY INSERT fast-path because no DELETE or UPDATE was detected in the change buffer.'
        WHEN st.refresh_mode = 'IMMEDIATE' THEN
            'IMMEDIATE mode is maintained by in-transaction IVM triggers; the background scheduler does not run refreshes for this table.'
        END;
    RETURN NEXT;
END;
$$;

CREATE FUNCTION pgtrickle.list_auxiliary_columns("name" text)
RETURNS TABLE ("column_name" text, "data_type" text, "purpose" text)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
    v_relid oid;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    SELECT pgt_relid INTO v_relid FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = v_schema AND pgt_name = v_name;
    IF NOT FOUND THEN
        PERFORM pgtrickle_emulation.fail('internal', format('list_auxiliary_columns: stream table not found: %s.%s', v_schema, v_name));
    END IF;
    RETURN QUERY
        SELECT a.attname::text, format_type(a.atttypid, a.atttypmod),
               CASE
               WHEN a.attname = '__pgt_row_id' THEN 'Row identity tracking: a stable hash key uniquely identifying each logical row. Used as the MERGE join key to apply delta changes (INSERT / UPDATE / DELETE) to the storage table.'
               WHEN a.attname = '__pgt_count' THEN 'Multiplicity counter: tracks how many times each logical row appears in the result set. Required for queries with DISTINCT, aggregation, UNION-dedup, or set-operations where a row can appear more than once.'
               WHEN a.attname = '__pgt_count_l' THEN 'Left-side multiplicity counter: used together with __pgt_count_r for INTERSECT / EXCEPT [ALL] to track left-branch occurrence counts independently from right-branch counts.'
               WHEN a.attname = '__pgt_count_r' THEN 'Right-side multiplicity counter: used together with __pgt_count_l for INTERSECT / EXCEPT [ALL] to track right-branch occurrence counts independently from left-branch counts.'
               WHEN a.attname LIKE '\_\_pgt\_aux\_sum\_%' THEN format('AVG auxiliary — running SUM of ''%s'': accumulates the sum component so that algebraic AVG can be maintained as SUM / COUNT without a full re-scan on each delta.', substr(a.attname, 15))
               WHEN a.attname LIKE '\_\_pgt\_aux\_count\_%' THEN format('AVG auxiliary — running COUNT of non-NULL ''%s'': accumulates the count component paired with __pgt_aux_sum_%s for algebraic AVG maintenance.', substr(a.attname, 17), substr(a.attname, 17))
               WHEN a.attname = '__pgt_valid_from' THEN 'Temporal mode: start of the validity interval of this row version.'
               WHEN a.attname = '__pgt_valid_to' THEN 'Temporal mode: end of the validity interval of this row version (NULL = current).'
               ELSE 'Internal pg_trickle auxiliary column.' END
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = v_relid AND a.attname LIKE '\_\_pgt\_%' AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.spec_json(st pgtrickle.pgt_stream_tables)
RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'name', st.pgt_name, 'schema', st.pgt_schema,
        'query', coalesce(st.original_query, st.defining_query),
        'refresh_mode', st.refresh_mode, 'schedule', st.schedule, 'cdc_mode', st.requested_cdc_mode,
        'oid', st.pgt_relid::bigint, 'diamond_group', NULL,
        'attach_outbox', EXISTS (SELECT 1 FROM pgtrickle.pgt_outbox_config o WHERE o.stream_table_oid::bigint = st.pgt_id),
        'cdc_slot_name', (SELECT d.slot_name FROM pgtrickle.pgt_dependencies d
                           WHERE d.pgt_id = st.pgt_id AND d.slot_name IS NOT NULL LIMIT 1))
$$;

CREATE FUNCTION pgtrickle.stream_table_spec("qualified_name" text)
RETURNS jsonb LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = v_schema AND pgt_name = v_name;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN pgtrickle_emulation.spec_json(st);
END;
$$;

CREATE FUNCTION pgtrickle.stream_table_spec("relid" oid)
RETURNS jsonb LANGUAGE plpgsql STRICT AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_relid = $1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN pgtrickle_emulation.spec_json(st);
END;
$$;

CREATE FUNCTION pgtrickle.export_definition("st_name" text)
RETURNS text LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
    q text;
    ddl text;
    alters text[] := '{}';
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = v_schema AND pgt_name = v_name;
    IF NOT FOUND THEN
        PERFORM pgtrickle_emulation.fail('data', format('stream table not found: %s.%s', v_schema, v_name));
    END IF;
    q := pgtrickle_emulation.simple_quote(v_schema) || '.' || pgtrickle_emulation.simple_quote(v_name);
    ddl := format(E'DROP STREAM TABLE IF EXISTS %s;\n', q);
    ddl := ddl || format(E'SELECT pgtrickle.create_stream_table(\n  ''%s''::text,\n  $pgt$%s$pgt$::text',
                         replace(q, '''', ''''''), st.defining_query);
    IF st.schedule IS NOT NULL THEN
        ddl := ddl || format(E',\n  schedule => ''%s''', replace(st.schedule, '''', ''''''));
    END IF;
    ddl := ddl || format(E',\n  refresh_mode => ''%s''', st.refresh_mode);
    IF st.requested_cdc_mode IS NOT NULL THEN
        ddl := ddl || format(E',\n  cdc_mode => ''%s''', st.requested_cdc_mode);
    END IF;
    IF st.is_append_only THEN ddl := ddl || E',\n  append_only => true'; END IF;
    IF st.pooler_compatibility_mode THEN ddl := ddl || E',\n  pooler_compatibility_mode => true'; END IF;
    IF st.st_partition_key IS NOT NULL THEN
        ddl := ddl || format(E',\n  partition_by => ''%s''', replace(st.st_partition_key, '''', ''''''));
    END IF;
    IF st.max_differential_joins IS NOT NULL THEN
        ddl := ddl || format(E',\n  max_differential_joins => %s', st.max_differential_joins);
    END IF;
    IF st.max_delta_fraction IS NOT NULL THEN
        ddl := ddl || format(E',\n  max_delta_fraction => %s', st.max_delta_fraction);
    END IF;
    IF st.diamond_consistency <> 'none' THEN
        ddl := ddl || format(E',\n  diamond_consistency => ''%s''', st.diamond_consistency);
    END IF;
    IF st.diamond_schedule_policy <> 'fastest' THEN
        ddl := ddl || format(E',\n  diamond_schedule_policy => ''%s''', st.diamond_schedule_policy);
    END IF;
    ddl := ddl || E'\n);\n';
    IF st.refresh_tier <> 'hot' THEN alters := alters || format('tier => ''%s''', st.refresh_tier); END IF;
    IF st.fuse_mode <> 'off' THEN alters := alters || format('fuse => ''%s''', st.fuse_mode); END IF;
    IF st.fuse_ceiling IS NOT NULL THEN alters := alters || format('fuse_ceiling => %s', st.fuse_ceiling); END IF;
    IF st.fuse_sensitivity IS NOT NULL THEN alters := alters || format('fuse_sensitivity => %s', st.fuse_sensitivity); END IF;
    IF array_length(alters, 1) > 0 THEN
        ddl := ddl || format(E'\nSELECT pgtrickle.alter_stream_table(''%s'', %s);\n',
                             replace(q, '''', ''''''), array_to_string(alters, ', '));
    END IF;
    RETURN ddl;
END;
$$;

CREATE FUNCTION pgtrickle.stream_table_definition(p_name text)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT pgtrickle.export_definition(p_name);
$$;
COMMENT ON FUNCTION pgtrickle.stream_table_definition(text) IS
    'Return the CREATE STREAM TABLE DDL for the named stream table. Equivalent to pgtrickle.export_definition(name) — provided as a more discoverable alias.';

CREATE FUNCTION pgtrickle.explain_st("name" text, "with_analyze" boolean DEFAULT false)
RETURNS TABLE ("property" text, "value" text)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
    m pgtrickle_emulation.st_meta;
    v_plan text;
    l text;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, 'public') s;
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables x WHERE x.pgt_schema = v_schema AND x.pgt_name = v_name;
    IF NOT FOUND THEN
        property := 'error'; value := format('stream table not found: %s.%s', v_schema, v_name);
        RETURN NEXT;
        RETURN;
    END IF;
    SELECT * INTO m FROM pgtrickle_emulation.st_meta WHERE pgt_id = st.pgt_id;
    property := 'pgt_name'; value := st.pgt_schema || '.' || st.pgt_name; RETURN NEXT;
    property := 'defining_query'; value := st.defining_query; RETURN NEXT;
    property := 'refresh_mode'; value := st.refresh_mode; RETURN NEXT;
    property := 'status'; value := st.status; RETURN NEXT;
    property := 'is_populated'; value := st.is_populated::text; RETURN NEXT;
    property := 'dvm_supported'; value := (st.refresh_mode <> 'FULL' AND st.topk_limit IS NULL)::text; RETURN NEXT;
    property := 'output_columns'; value := array_to_string(m.user_columns, ', '); RETURN NEXT;
    property := 'source_oids';
    value := (SELECT string_agg(d.source_relid::text, ', ' ORDER BY d.source_relid)
                FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = st.pgt_id AND d.source_type <> 'VIEW');
    RETURN NEXT;
    property := 'frontier'; value := coalesce(st.frontier::text, 'null'); RETURN NEXT;
    property := 'merge_strategy'; value := lower(pgtrickle_emulation.guc('merge_strategy', 'auto')); RETURN NEXT;
    property := 'append_only_mode'; value := CASE WHEN st.is_append_only THEN 'on' ELSE 'off' END; RETURN NEXT;
    property := 'recommended_refresh_mode'; value := st.refresh_mode; RETURN NEXT;
    IF $2 THEN
        v_plan := '';
        FOR l IN EXECUTE 'EXPLAIN (ANALYZE, FORMAT TEXT) ' || pgtrickle_emulation.effective_query(st) LOOP
            v_plan := v_plan || l || E'\n';
        END LOOP;
        property := 'explain_analyze'; value := rtrim(v_plan, E'\n'); RETURN NEXT;
    END IF;
END;
$$;

CREATE FUNCTION pgtrickle.validate_query("query" text)
RETURNS TABLE ("check_name" text, "result" text, "severity" text)
LANGUAGE plpgsql STRICT AS $$
DECLARE
    a jsonb;
    v_mode text := 'DIFFERENTIAL';
    v_bad text;
    v_vol text;
BEGIN
    a := pgtrickle_emulation.analyze_query($1);
    IF jsonb_typeof(a -> 'topk') = 'object' THEN
        v_mode := 'TOPK';
    ELSIF (a ->> 'for_update')::boolean OR (a ->> 'tablesample')::boolean
          OR (a ->> 'has_limit')::boolean OR (a ->> 'has_offset')::boolean
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(a -> 'sources') e WHERE e ->> 'source_type' IN ('MATVIEW', 'FOREIGN_TABLE'))
          OR (a ->> 'volatility' = 'v' AND lower(pgtrickle_emulation.guc('volatile_function_policy', 'reject')) = 'reject') THEN
        v_mode := 'FULL';
    END IF;
    check_name := 'resolved_refresh_mode'; result := v_mode; severity := 'INFO'; RETURN NEXT;
    IF v_mode = 'TOPK' THEN
        check_name := 'topk_pattern';
        result := format('ORDER BY %s LIMIT %s%s', a -> 'topk' ->> 'order_by', a -> 'topk' ->> 'limit',
                         coalesce(' OFFSET ' || (a -> 'topk' ->> 'offset'), ''));
        severity := 'INFO'; RETURN NEXT;
    END IF;
    IF (a ->> 'for_update')::boolean THEN
        check_name := 'unsupported_construct'; result := 'FOR UPDATE/FOR SHARE'; severity := 'WARNING'; RETURN NEXT;
    END IF;
    IF (a ->> 'tablesample')::boolean THEN
        check_name := 'unsupported_construct'; result := 'TABLESAMPLE'; severity := 'WARNING'; RETURN NEXT;
    END IF;
    IF v_mode <> 'TOPK' AND ((a ->> 'has_limit')::boolean OR (a ->> 'has_offset')::boolean) THEN
        check_name := 'unsupported_construct'; result := 'LIMIT/OFFSET without ORDER BY'; severity := 'ERROR'; RETURN NEXT;
    END IF;
    FOR v_bad IN SELECT e ->> 'name' FROM jsonb_array_elements(a -> 'sources') e
                  WHERE e ->> 'source_type' IN ('MATVIEW', 'FOREIGN_TABLE') ORDER BY 1 LOOP
        check_name := 'matview_or_foreign_table'; result := v_bad; severity := 'WARNING'; RETURN NEXT;
    END LOOP;
    IF (a ->> 'has_aggs')::boolean OR (a ->> 'grouped')::boolean THEN
        check_name := 'aggregate'; result := 'GROUP BY / aggregate'; severity := 'INFO'; RETURN NEXT;
    END IF;
    IF a ->> 'setop' IS NOT NULL THEN
        check_name := 'set_op';
        result := (a ->> 'setop') || CASE WHEN (a ->> 'setop_all')::boolean THEN '_ALL' ELSE '' END;
        severity := 'INFO'; RETURN NEXT;
    END IF;
    IF (a ->> 'has_window')::boolean THEN
        check_name := 'window_function'; result := 'present'; severity := 'INFO'; RETURN NEXT;
    END IF;
    IF (a ->> 'has_recursive')::boolean THEN
        check_name := 'recursive_cte'; result := 'present'; severity := 'INFO'; RETURN NEXT;
    END IF;
    v_vol := CASE a ->> 'volatility' WHEN 'v' THEN 'volatile' WHEN 's' THEN 'stable' ELSE 'immutable' END;
    check_name := 'volatility'; result := v_vol;
    severity := CASE WHEN v_vol = 'immutable' THEN 'INFO' ELSE 'WARNING' END;
    RETURN NEXT;
    check_name := 'needs_pgt_count';
    result := ((a ->> 'grouped')::boolean OR (a ->> 'has_distinct')::boolean
               OR (a ->> 'setop' = 'UNION' AND NOT (a ->> 'setop_all')::boolean))::text;
    severity := 'INFO'; RETURN NEXT;
    check_name := 'needs_dual_count'; result := (coalesce(a ->> 'setop', '') IN ('INTERSECT', 'EXCEPT'))::text;
    severity := 'INFO'; RETURN NEXT;
END;
$$;

-- ---------------------------------------------------------------------------
-- Scheduler control (no shared memory: emulated with a table)
-- ---------------------------------------------------------------------------
CREATE FUNCTION pgtrickle.drain("timeout_s" integer DEFAULT 60)
RETURNS boolean LANGUAGE sql STRICT AS $$ SELECT true $$;

CREATE FUNCTION pgtrickle.is_drained()
RETURNS boolean LANGUAGE sql STRICT AS $$ SELECT true $$;

CREATE FUNCTION pgtrickle_emulation.resolve_node(p_fn text, p_name text)
RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_schema text;
    v_name text;
    v_id bigint;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name(p_name, current_schema()::text) s;
    SELECT pgt_id INTO v_id FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = v_schema AND pgt_name = v_name;
    IF v_id IS NULL THEN
        PERFORM pgtrickle_emulation.fail('internal', format('pg_trickle: %s: could not resolve ''%s'': stream table not found: %s.%s',
                                                             p_fn, p_name, v_schema, v_name));
    END IF;
    RETURN v_id;
END;
$$;

CREATE FUNCTION pgtrickle.pause_scheduler("nodes" text[])
RETURNS text LANGUAGE plpgsql STRICT AS $$
DECLARE
    n text;
BEGIN
    FOREACH n IN ARRAY $1 LOOP
        IF n IS NULL THEN
            RAISE WARNING 'pg_trickle: pause_scheduler: NULL element ignored';
            CONTINUE;
        END IF;
        INSERT INTO pgtrickle_emulation.paused_nodes (pgt_id)
        VALUES (pgtrickle_emulation.resolve_node('pause_scheduler', n)) ON CONFLICT DO NOTHING;
    END LOOP;
    RETURN 'OK';
END;
$$;

CREATE FUNCTION pgtrickle.resume_scheduler("nodes" text[])
RETURNS text LANGUAGE plpgsql STRICT AS $$
DECLARE
    n text;
BEGIN
    FOREACH n IN ARRAY $1 LOOP
        IF n IS NULL THEN
            RAISE WARNING 'pg_trickle: resume_scheduler: NULL element ignored';
            CONTINUE;
        END IF;
        DELETE FROM pgtrickle_emulation.paused_nodes WHERE pgt_id = pgtrickle_emulation.resolve_node('resume_scheduler', n);
    END LOOP;
    RETURN 'OK';
END;
$$;

-- pause_all(): writes status PAUSED, which the CHECK forbids (as in 0.67.0).
CREATE FUNCTION pgtrickle.pause_all()
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pgtrickle.pgt_stream_tables SET status = 'PAUSED' WHERE status = 'ACTIVE';
    RAISE NOTICE 'pg_trickle: all stream tables paused.';
END;
$$;

CREATE FUNCTION pgtrickle.resume_all()
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pgtrickle.pgt_stream_tables SET status = 'ACTIVE' WHERE status = 'PAUSED';
    RAISE NOTICE 'pg_trickle: all paused stream tables resumed.';
END;
$$;

-- ---------------------------------------------------------------------------
-- subscribe(): the registry table is missing on a fresh 0.67.0 install, so
-- these fail with 42P01 exactly like the real functions.
-- ---------------------------------------------------------------------------
CREATE FUNCTION pgtrickle.subscribe("stream_table" text, "channel" text)
RETURNS void LANGUAGE plpgsql STRICT AS $$
BEGIN
    EXECUTE 'INSERT INTO pgtrickle.pgt_subscriptions (stream_table, channel) VALUES ($1, $2) ON CONFLICT DO NOTHING'
      USING $1, $2;
END;
$$;

CREATE FUNCTION pgtrickle.unsubscribe("stream_table" text, "channel" text)
RETURNS void LANGUAGE plpgsql STRICT AS $$
BEGIN
    EXECUTE 'DELETE FROM pgtrickle.pgt_subscriptions WHERE stream_table = $1 AND channel = $2' USING $1, $2;
END;
$$;

CREATE FUNCTION pgtrickle.list_subscriptions()
RETURNS TABLE ("stream_table" text, "channel" text, "created_at" timestamptz)
LANGUAGE plpgsql STRICT AS $$
BEGIN
    RETURN QUERY EXECUTE 'SELECT stream_table, channel, created_at FROM pgtrickle.pgt_subscriptions ORDER BY stream_table, channel';
END;
$$;

-- ---------------------------------------------------------------------------
-- Small extras
-- ---------------------------------------------------------------------------
-- 64-bit hash helpers (the real ones use xxHash; values differ).
CREATE FUNCTION pgtrickle.pg_trickle_hash("input" text)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT hashtextextended(coalesce("input", ''), 0)
$$;

CREATE FUNCTION pgtrickle.pg_trickle_hash_multi("inputs" text[])
RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT hashtextextended(array_to_string("inputs", chr(31), chr(30)), 0)
$$;

CREATE FUNCTION pgtrickle.fuse_status()
RETURNS TABLE ("stream_table" text, "fuse_mode" text, "fuse_state" text, "fuse_ceiling" bigint,
               "effective_ceiling" bigint, "fuse_sensitivity" integer, "blown_at" timestamptz, "blow_reason" text)
LANGUAGE sql STRICT AS $$
    SELECT st.pgt_schema || '.' || st.pgt_name, st.fuse_mode, st.fuse_state, st.fuse_ceiling, st.fuse_ceiling,
           st.fuse_sensitivity, st.blown_at, st.blow_reason
      FROM pgtrickle.pgt_stream_tables st
     WHERE st.fuse_mode <> 'off'
     ORDER BY 1
$$;

CREATE FUNCTION pgtrickle.reset_fuse("name" text, "action" text DEFAULT 'apply')
RETURNS void LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    st := pgtrickle_emulation.lookup(v_schema, v_name);
    IF lower($2) NOT IN ('apply', 'reinitialize', 'skip_changes') THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', format(
            'invalid reset_fuse action: ''%s'' (expected ''apply'', ''reinitialize'', or ''skip_changes'')', $2));
    END IF;
    IF st.fuse_state <> 'blown' THEN
        PERFORM pgtrickle_emulation.fail('invalid_argument', format('fuse is not blown for stream table %s.%s', v_schema, v_name));
    END IF;
    UPDATE pgtrickle.pgt_stream_tables SET fuse_state = 'armed', blown_at = NULL, blow_reason = NULL,
           needs_reinit = needs_reinit OR lower($2) = 'reinitialize', updated_at = now()
     WHERE pgt_id = st.pgt_id;
END;
$$;

CREATE FUNCTION pgtrickle.repair_stream_table("name" text)
RETURNS text LANGUAGE plpgsql STRICT AS $$
DECLARE
    v_schema text;
    v_name text;
    st pgtrickle.pgt_stream_tables;
BEGIN
    SELECT s.schema_name, s.table_name INTO v_schema, v_name FROM pgtrickle_emulation.split_name($1, current_schema()::text) s;
    st := pgtrickle_emulation.lookup(v_schema, v_name);
    PERFORM pgtrickle_emulation.setup_triggers(st.pgt_id);
    UPDATE pgtrickle.pgt_stream_tables SET frontier = NULL, updated_at = now() WHERE pgt_id = st.pgt_id;
    RETURN format('Stream table %s.%s repaired: CDC triggers verified, frontier reset', v_schema, v_name);
END;
$$;

-- ===========================================================================
-- Views
-- ===========================================================================
CREATE VIEW pgtrickle.stream_tables_info AS
SELECT st.*,
       now() - st.last_refresh_at AS staleness,
       CASE WHEN st.schedule IS NOT NULL AND st.schedule !~ '[\s@]'
            THEN EXTRACT(EPOCH FROM (now() - st.last_refresh_at)) > pgtrickle.parse_duration_seconds(st.schedule)
            ELSE NULL::boolean
       END AS stale,
       CASE WHEN st.topk_limit IS NOT NULL THEN true ELSE false END AS is_topk
  FROM pgtrickle.pgt_stream_tables st;

CREATE VIEW pgtrickle.pg_stat_stream_tables AS
SELECT st.pgt_id,
       st.pgt_schema,
       st.pgt_name,
       st.status,
       st.refresh_mode,
       st.is_populated,
       st.data_timestamp,
       st.schedule,
       now() - st.last_refresh_at AS staleness,
       CASE WHEN st.schedule IS NOT NULL AND st.last_refresh_at IS NOT NULL AND st.schedule !~ '[\s@]'
            THEN EXTRACT(EPOCH FROM (now() - st.last_refresh_at)) > pgtrickle.parse_duration_seconds(st.schedule)
            ELSE NULL::boolean
       END AS stale,
       st.consecutive_errors,
       st.needs_reinit,
       st.last_refresh_at,
       COALESCE(stats.total_refreshes, 0) AS total_refreshes,
       COALESCE(stats.successful_refreshes, 0) AS successful_refreshes,
       COALESCE(stats.failed_refreshes, 0) AS failed_refreshes,
       COALESCE(stats.total_rows_inserted, 0) AS total_rows_inserted,
       COALESCE(stats.total_rows_deleted, 0) AS total_rows_deleted,
       stats.avg_duration_ms,
       stats.last_action,
       stats.last_status,
       (SELECT array_agg(DISTINCT d.cdc_mode ORDER BY d.cdc_mode)
          FROM pgtrickle.pgt_dependencies d
         WHERE d.pgt_id = st.pgt_id AND d.source_type = 'TABLE') AS cdc_modes,
       st.scc_id,
       st.last_fixpoint_iterations,
       st.refresh_tier
  FROM pgtrickle.pgt_stream_tables st
  LEFT JOIN LATERAL (
      SELECT count(*)::bigint AS total_refreshes,
             count(*) FILTER (WHERE h.status = 'COMPLETED')::bigint AS successful_refreshes,
             count(*) FILTER (WHERE h.status = 'FAILED')::bigint AS failed_refreshes,
             COALESCE(sum(h.rows_inserted), 0)::bigint AS total_rows_inserted,
             COALESCE(sum(h.rows_deleted), 0)::bigint AS total_rows_deleted,
             CASE WHEN count(*) FILTER (WHERE h.end_time IS NOT NULL) > 0
                  THEN avg(EXTRACT(EPOCH FROM (h.end_time - h.start_time)) * 1000) FILTER (WHERE h.end_time IS NOT NULL)
                  ELSE NULL
             END::float8 AS avg_duration_ms,
             (SELECT h2.action FROM pgtrickle.pgt_refresh_history h2
               WHERE h2.pgt_id = st.pgt_id ORDER BY h2.refresh_id DESC LIMIT 1) AS last_action,
             (SELECT h2.status FROM pgtrickle.pgt_refresh_history h2
               WHERE h2.pgt_id = st.pgt_id ORDER BY h2.refresh_id DESC LIMIT 1) AS last_status
        FROM pgtrickle.pgt_refresh_history h
       WHERE h.pgt_id = st.pgt_id
  ) stats ON true;

CREATE VIEW pgtrickle.pgt_cdc_status AS
SELECT st.pgt_schema,
       st.pgt_name,
       d.source_relid,
       c.relname AS source_name,
       n.nspname AS source_schema,
       d.cdc_mode,
       d.slot_name,
       d.decoder_confirmed_lsn,
       d.transition_started_at
  FROM pgtrickle.pgt_dependencies d
  JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = d.pgt_id
  JOIN pg_class c ON c.oid = d.source_relid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE d.source_type = 'TABLE';

-- scheduler_running: the real view counts backend_type = 'pg_trickle
-- scheduler' in any database; the emulation's scheduler is an ordinary
-- client connection recognised by its application_name.
CREATE VIEW pgtrickle.quick_health AS
SELECT (SELECT count(*) FROM pgtrickle.pgt_stream_tables)::bigint AS total_stream_tables,
       (SELECT count(*) FROM pgtrickle.pgt_stream_tables
         WHERE status = 'ERROR' OR consecutive_errors > 0)::bigint AS error_tables,
       (SELECT count(*) FROM pgtrickle.pgt_stream_tables
         WHERE schedule IS NOT NULL AND schedule !~ '[\s@]' AND last_refresh_at IS NOT NULL
           AND EXTRACT(EPOCH FROM (now() - last_refresh_at)) > pgtrickle.parse_duration_seconds(schedule))::bigint AS stale_tables,
       (SELECT count(*) > 0 FROM pg_stat_activity
         WHERE backend_type = 'pg_trickle scheduler' OR application_name = 'pg_trickle scheduler') AS scheduler_running,
       CASE
           WHEN (SELECT count(*) FROM pgtrickle.pgt_stream_tables) = 0 THEN 'EMPTY'
           WHEN (SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE status = 'SUSPENDED') > 0 THEN 'CRITICAL'
           WHEN (SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE status = 'ERROR' OR consecutive_errors > 0) > 0 THEN 'WARNING'
           WHEN (SELECT count(*) FROM pgtrickle.pgt_stream_tables
                  WHERE schedule IS NOT NULL AND schedule !~ '[\s@]' AND last_refresh_at IS NOT NULL
                    AND EXTRACT(EPOCH FROM (now() - last_refresh_at)) > pgtrickle.parse_duration_seconds(schedule)) > 0 THEN 'WARNING'
           ELSE 'OK'
       END AS status;

CREATE VIEW pgtrickle.citus_status AS
SELECT st.pgt_id,
       st.pgt_schema,
       st.pgt_name,
       ct.source_relid,
       ct.source_stable_name,
       ct.slot_name AS coordinator_slot,
       ct.source_placement,
       ct.frontier_per_node,
       ws.worker_name,
       ws.worker_port,
       ws.slot_name AS worker_slot,
       ws.last_frontier AS worker_frontier
  FROM pgtrickle.pgt_change_tracking ct
  JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = ANY (ct.tracked_by_pgt_ids)
  LEFT JOIN pgtrickle.pgt_worker_slots ws ON ws.pgt_id = st.pgt_id AND ws.source_relid = ct.source_relid
 WHERE ct.source_placement = 'distributed';

-- ===========================================================================
-- Scheduler (emulation only): CALL pgtrickle_emulation.scheduler_tick()
-- ===========================================================================

-- Due-check of src/scheduler/mod.rs check_schedule().
CREATE FUNCTION pgtrickle_emulation.is_due(st pgtrickle.pgt_stream_tables)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_secs bigint;
    v_mult numeric;
    v_since double precision;
    v_next timestamptz;
BEGIN
    IF st.refresh_mode = 'IMMEDIATE' THEN
        RETURN false;
    END IF;
    IF NOT st.is_populated THEN
        RETURN true;
    END IF;
    IF pgtrickle_emulation.guc_bool('tiered_scheduling', true) AND st.refresh_tier = 'frozen' THEN
        v_since := extract(epoch FROM (now() - coalesce(st.last_refresh_at, st.created_at)));
        IF v_since >= 60 AND (v_since::numeric % 60) < 1 THEN
            PERFORM pgtrickle_emulation.emit_alert('frozen_tier_skip', st.pgt_schema, st.pgt_name,
                jsonb_build_object('frozen_seconds', round(v_since)), st.pooler_compatibility_mode,
                jsonb_build_object('frozen_seconds', pgtrickle_emulation.json_f64(round(v_since))));
        END IF;
        RETURN false;
    END IF;
    IF st.schedule IS NOT NULL THEN
        IF left(btrim(st.schedule), 1) = '@' OR strpos(btrim(st.schedule), ' ') > 0 THEN
            IF st.last_refresh_at IS NULL THEN
                RETURN true;
            END IF;
            BEGIN
                v_next := pgtrickle_emulation.cron_next(btrim(st.schedule), date_trunc('second', st.last_refresh_at));
            EXCEPTION WHEN others THEN
                RETURN false;
            END;
            RETURN v_next IS NOT NULL AND clock_timestamp() >= v_next;
        END IF;
        v_secs := pgtrickle_emulation.try_duration(btrim(st.schedule));
        IF v_secs IS NULL THEN
            RAISE WARNING 'pg_trickle: could not parse schedule ''%'' for pgt_id=%; skipping schedule check', st.schedule, st.pgt_id;
            RETURN false;
        END IF;
        IF pgtrickle_emulation.guc_bool('tiered_scheduling', true) THEN
            v_mult := CASE st.refresh_tier WHEN 'warm' THEN 2 WHEN 'cold' THEN 10 ELSE 1 END;
            v_secs := (v_secs * v_mult)::bigint;
        END IF;
        RETURN st.last_refresh_at IS NULL
            OR extract(epoch FROM (clock_timestamp() - st.last_refresh_at)) > v_secs;
    END IF;
    RETURN pgtrickle_emulation.has_pending_changes(st.pgt_id);
END;
$$;

-- stale_data / no_upstream_changes alerts (emit_stale_alert_if_needed).
CREATE FUNCTION pgtrickle_emulation.stale_alerts(p_pgt_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    v_secs bigint;
    v_data double precision;
    v_refresh double precision;
    v_lag double precision;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = p_pgt_id;
    IF st.schedule IS NOT NULL THEN
        v_secs := pgtrickle_emulation.try_duration(btrim(st.schedule));
        IF v_secs IS NULL THEN
            RETURN;
        END IF;
        v_data := extract(epoch FROM (clock_timestamp() - st.data_timestamp));
        v_refresh := extract(epoch FROM (clock_timestamp() - st.last_refresh_at));
        IF v_data IS NOT NULL AND v_data > v_secs * 2.0 THEN
            IF v_refresh IS NOT NULL AND v_refresh <= v_secs * 3.0 THEN
                PERFORM pgtrickle_emulation.emit_alert('no_upstream_changes', st.pgt_schema, st.pgt_name,
                    jsonb_build_object('idle_seconds', 0), st.pooler_compatibility_mode,
                    jsonb_build_object('idle_seconds', pgtrickle_emulation.json_f64(round(v_data::numeric * 10) / 10)));
            ELSE
                PERFORM pgtrickle_emulation.emit_alert('stale_data', st.pgt_schema, st.pgt_name,
                    jsonb_build_object('staleness_seconds', 0, 'schedule_seconds', 0, 'ratio', 0), st.pooler_compatibility_mode,
                    jsonb_build_object('staleness_seconds', pgtrickle_emulation.json_f64(round(v_data::numeric * 10) / 10),
                                       'schedule_seconds', pgtrickle_emulation.json_f64(v_secs::double precision),
                                       'ratio', pgtrickle_emulation.json_f64(round((v_data / v_secs)::numeric * 100) / 100)));
            END IF;
        END IF;
    ELSE
        SELECT extract(epoch FROM (max(u.data_timestamp) - st.data_timestamp)) INTO v_lag
          FROM pgtrickle.pgt_dependencies d
          JOIN pgtrickle.pgt_stream_tables u ON u.pgt_relid = d.source_relid
         WHERE d.pgt_id = st.pgt_id AND u.data_timestamp IS NOT NULL;
        IF st.data_timestamp IS NOT NULL AND v_lag > 60 THEN
            PERFORM pgtrickle_emulation.emit_alert('stale_data', st.pgt_schema, st.pgt_name,
                jsonb_build_object('staleness_seconds', 0, 'schedule_seconds', 0, 'ratio', 0), st.pooler_compatibility_mode,
                jsonb_build_object('staleness_seconds', pgtrickle_emulation.json_f64(round(v_lag::numeric * 10) / 10),
                                   'schedule_seconds', '60.0',
                                   'ratio', pgtrickle_emulation.json_f64(round((v_lag / 60)::numeric * 100) / 100)));
        END IF;
    END IF;
END;
$$;

-- SQLSTATE classes the real scheduler treats as permanent (ERROR status).
CREATE FUNCTION pgtrickle_emulation.is_retryable(p_sqlstate text)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN left(p_sqlstate, 2) IN ('40', '08') THEN true
                WHEN left(p_sqlstate, 2) = '55' THEN p_sqlstate = '55P03'
                WHEN left(p_sqlstate, 2) = '57' THEN p_sqlstate = '57014'
                WHEN left(p_sqlstate, 2) IN ('42', '23', '22', '28') THEN false
                ELSE true END
$$;

-- Handle one stream table for the scheduler.  Runs inside the tick's
-- per-table transaction; never raises.
CREATE FUNCTION pgtrickle_emulation.scheduler_process(p_pgt_id bigint)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st pgtrickle.pgt_stream_tables;
    v_action text;
    v_hist bigint;
    v_start timestamptz;
    v_ms bigint;
    r record;
    v_msg text;
    v_state text;
    v_count integer;
    v_deadline timestamptz;
    v_secs bigint;
BEGIN
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = p_pgt_id;
    IF NOT FOUND OR st.status IN ('SUSPENDED', 'ERROR') OR st.refresh_mode = 'IMMEDIATE' THEN
        RETURN 'skip';
    END IF;
    IF EXISTS (SELECT 1 FROM pgtrickle_emulation.paused_nodes WHERE pgt_id = p_pgt_id) THEN
        RETURN 'paused';
    END IF;
    IF EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d JOIN pgtrickle.pgt_source_gates g
                 ON g.source_relid = d.source_relid AND g.gated
                WHERE d.pgt_id = p_pgt_id) THEN
        RETURN 'gated';
    END IF;
    IF NOT pgtrickle_emulation.is_due(st) THEN
        RETURN 'not_due';
    END IF;
    -- refresh lock (same as a manual refresh); contention = skip this tick
    IF NOT pg_try_advisory_xact_lock(st.pgt_id) THEN
        PERFORM pgtrickle_emulation.stale_alerts(p_pgt_id);
        RETURN 'locked';
    END IF;
    PERFORM 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_id = p_pgt_id FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        PERFORM pgtrickle_emulation.stale_alerts(p_pgt_id);
        RETURN 'locked';
    END IF;
    SELECT * INTO st FROM pgtrickle.pgt_stream_tables WHERE pgt_id = p_pgt_id;

    IF st.needs_reinit THEN
        v_action := 'REINITIALIZE';
    ELSIF NOT st.is_populated THEN
        v_action := 'FULL';
    ELSIF NOT pgtrickle_emulation.has_pending_changes(p_pgt_id) THEN
        v_action := 'NO_DATA';
    ELSIF st.refresh_mode = 'FULL' OR st.topk_limit IS NOT NULL OR st.frontier IS NULL THEN
        v_action := 'FULL';
    ELSE
        v_action := 'DIFFERENTIAL';
    END IF;

    v_secs := pgtrickle_emulation.try_duration(btrim(st.schedule));
    v_deadline := CASE WHEN v_secs IS NOT NULL THEN now() + make_interval(secs => v_secs) END;
    v_start := clock_timestamp();
    v_hist := pgtrickle_emulation.history_start(p_pgt_id, v_action, 'SCHEDULER', v_deadline);
    BEGIN
        IF v_action = 'NO_DATA' THEN
            UPDATE pgtrickle.pgt_stream_tables
               SET is_populated = true, last_refresh_at = now(), consecutive_errors = 0, status = 'ACTIVE',
                   last_error_message = NULL, last_error_at = NULL, effective_refresh_mode = 'NO_DATA',
                   updated_at = now()
             WHERE pgt_id = p_pgt_id;
            SELECT 0::bigint AS rows_inserted, 0::bigint AS rows_deleted INTO r;
        ELSE
            SELECT * INTO r FROM pgtrickle_emulation.refresh_core(p_pgt_id, v_action, true);
            UPDATE pgtrickle.pgt_stream_tables
               SET effective_refresh_mode = CASE WHEN st.topk_limit IS NOT NULL THEN 'TOP_K'
                                                 WHEN v_action = 'REINITIALIZE' THEN 'FULL' ELSE v_action END
             WHERE pgt_id = p_pgt_id;
        END IF;
    EXCEPTION WHEN others THEN
        GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
        PERFORM pgtrickle_emulation.history_finish(v_hist, 'FAILED', 0, 0, v_msg);
        PERFORM pgtrickle_emulation.emit_alert('refresh_failed', st.pgt_schema, st.pgt_name,
            jsonb_build_object('action', v_action, 'error', v_msg), st.pooler_compatibility_mode);
        IF NOT pgtrickle_emulation.is_retryable(v_state) THEN
            UPDATE pgtrickle.pgt_stream_tables
               SET status = 'ERROR', last_error_message = v_msg, last_error_at = now(), updated_at = now()
             WHERE pgt_id = p_pgt_id;
            RETURN 'error';
        END IF;
        UPDATE pgtrickle.pgt_stream_tables
           SET consecutive_errors = consecutive_errors + 1, last_error_message = v_msg, last_error_at = now(),
               updated_at = now()
         WHERE pgt_id = p_pgt_id
        RETURNING consecutive_errors INTO v_count;
        IF v_count >= pgtrickle_emulation.guc_int('max_consecutive_errors', 3) THEN
            UPDATE pgtrickle.pgt_stream_tables SET status = 'SUSPENDED', updated_at = now() WHERE pgt_id = p_pgt_id;
            PERFORM pgtrickle_emulation.emit_alert('auto_suspended', st.pgt_schema, st.pgt_name,
                jsonb_build_object('consecutive_errors', v_count), st.pooler_compatibility_mode);
        END IF;
        RETURN 'failed';
    END;
    v_ms := floor(extract(epoch FROM (clock_timestamp() - v_start)) * 1000)::bigint;
    PERFORM pgtrickle_emulation.history_finish(v_hist, 'COMPLETED', r.rows_inserted, r.rows_deleted);
    PERFORM pgtrickle_emulation.emit_alert('refresh_completed', st.pgt_schema, st.pgt_name,
        jsonb_build_object('action', v_action, 'rows_inserted', r.rows_inserted,
                           'rows_deleted', r.rows_deleted, 'duration_ms', v_ms),
        st.pooler_compatibility_mode);
    PERFORM pgtrickle_emulation.stale_alerts(p_pgt_id);
    IF v_secs IS NOT NULL AND v_secs > 0 AND v_ms > v_secs * 1000 * 0.8 THEN
        PERFORM pgtrickle_emulation.emit_alert('scheduler_falling_behind', st.pgt_schema, st.pgt_name,
            jsonb_build_object('elapsed_ms', v_ms, 'schedule_ms', v_secs * 1000, 'ratio', 0),
            st.pooler_compatibility_mode,
            jsonb_build_object('ratio', pgtrickle_emulation.json_f64(v_ms::double precision / (v_secs * 1000))));
        RAISE WARNING 'pg_trickle: refresh of %.% took %ms (% of %ms schedule). The scheduler may not be able to keep up with the configured interval.',
            st.pgt_schema, st.pgt_name, v_ms, round(v_ms * 100.0 / (v_secs * 1000)) || '%', v_secs * 1000;
    END IF;
    RETURN lower(v_action);
END;
$$;

-- One scheduler tick.  Each stream table is handled in its own transaction
-- (COMMIT after each), upstream stream tables first.  Does nothing while
-- pg_trickle.enabled is off.
CREATE PROCEDURE pgtrickle_emulation.scheduler_tick()
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    v_id bigint;
    v_days integer;
BEGIN
    IF NOT pgtrickle_emulation.guc_bool('enabled', true) OR pg_is_in_recovery() THEN
        RETURN;
    END IF;
    WITH RECURSIVE lvl(pgt_id, depth) AS (
        SELECT s.pgt_id, 0 FROM pgtrickle.pgt_stream_tables s
        UNION ALL
        SELECT d.pgt_id, lvl.depth + 1
          FROM lvl
          JOIN pgtrickle.pgt_stream_tables up ON up.pgt_id = lvl.pgt_id
          JOIN pgtrickle.pgt_dependencies d ON d.source_relid = up.pgt_relid
         WHERE lvl.depth < 32
    )
    SELECT array_agg(pgt_id ORDER BY depth, pgt_id) INTO ids
      FROM (SELECT pgt_id, max(depth) AS depth FROM lvl GROUP BY pgt_id) x;
    COMMIT;
    FOREACH v_id IN ARRAY coalesce(ids, '{}') LOOP
        BEGIN
            PERFORM pgtrickle_emulation.scheduler_process(v_id);
        EXCEPTION WHEN others THEN
            RAISE WARNING 'pg_trickle scheduler (emulation): stream table % skipped: %', v_id, SQLERRM;
        END;
        COMMIT;
    END LOOP;
    -- history pruning
    v_days := pgtrickle_emulation.guc_int('history_retention_days', 90);
    IF v_days > 0 THEN
        DELETE FROM pgtrickle.pgt_refresh_history WHERE start_time < now() - make_interval(days => v_days);
        COMMIT;
    END IF;
END;
$$;

-- ===========================================================================
-- DDL tracking event triggers
-- ===========================================================================
CREATE FUNCTION pgtrickle_emulation.on_ddl_end()
RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
    cmd record;
    d record;
    snap record;
    v_old jsonb;
    v_kind text;
BEGIN
    IF current_setting('pgtrickle_emulation.internal_ddl', true) = 'on' THEN
        RETURN;
    END IF;
    -- Like the real tracker (src/hooks.rs DdlCommandKind::from_event), only
    -- ('table', 'ALTER TABLE') commands are inspected: ALTER TABLE ... RENAME
    -- COLUMN is reported as a 'table column' object and passes unchecked.
    FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands()
                WHERE command_tag = 'ALTER TABLE' AND object_type = 'table'
                  AND classid = 'pg_class'::regclass LOOP
        FOR d IN SELECT * FROM pgtrickle.pgt_dependencies
                  WHERE source_relid = cmd.objid AND source_type IN ('TABLE', 'STREAM_TABLE')
                  ORDER BY pgt_id LOOP
            SELECT * INTO snap FROM pgtrickle_emulation.column_snapshot(cmd.objid);
            v_old := d.column_snapshot -> 'columns';
            IF v_old IS NULL OR v_old = snap.snapshot -> 'columns' THEN
                CONTINUE;   -- benign (index, constraint, comment ...)
            END IF;
            v_kind := CASE WHEN jsonb_array_length(snap.snapshot -> 'columns') > jsonb_array_length(v_old)
                                AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_old) o
                                                 WHERE NOT (snap.snapshot -> 'columns') @> jsonb_build_array(o))
                           THEN 'add_only' ELSE 'column_change' END;
            IF pgtrickle_emulation.guc_bool('block_source_ddl', true) THEN
                RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = format(
                    'pg_trickle: ALTER TABLE on %s blocked — column-affecting DDL is not allowed while pg_trickle.block_source_ddl = true (the default). To proceed: SET pg_trickle.block_source_ddl = false, run the DDL, then run ALTER STREAM TABLE ... to update the defining query, and re-enable: SET pg_trickle.block_source_ddl = true.',
                    cmd.object_identity);
            END IF;
            IF v_kind = 'add_only' THEN
                RAISE NOTICE 'pg_trickle_ddl_tracker: ALTER TABLE ADD COLUMN on % for ST % — extending change buffer, no reinit needed',
                    cmd.object_identity, d.pgt_id;
            ELSE
                UPDATE pgtrickle.pgt_stream_tables SET needs_reinit = true, updated_at = now() WHERE pgt_id = d.pgt_id;
            END IF;
            UPDATE pgtrickle.pgt_dependencies
               SET column_snapshot = snap.snapshot, schema_fingerprint = snap.fingerprint
             WHERE pgt_id = d.pgt_id AND source_relid = d.source_relid;
        END LOOP;
    END LOOP;
END;
$$;

CREATE FUNCTION pgtrickle_emulation.on_sql_drop()
RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
    obj record;
    v_ids bigint[];
    v_dropping text := current_setting('pgtrickle_emulation.dropping', true);
BEGIN
    FOR obj IN SELECT * FROM pg_event_trigger_dropped_objects()
                WHERE object_type IN ('table', 'view') AND NOT is_temporary LOOP
        -- a stream table's own storage table
        IF EXISTS (SELECT 1 FROM pgtrickle.pgt_stream_tables WHERE pgt_relid = obj.objid) THEN
            IF coalesce(v_dropping, '') = '' THEN
                DELETE FROM pgtrickle.pgt_stream_tables WHERE pgt_relid = obj.objid;
            END IF;
            CONTINUE;
        END IF;
        -- an upstream source of stream tables: they (and their dependents) go to ERROR
        SELECT array_agg(DISTINCT pgt_id) INTO v_ids FROM pgtrickle.pgt_dependencies WHERE source_relid = obj.objid;
        IF v_ids IS NULL THEN
            CONTINUE;
        END IF;
        WITH RECURSIVE down(pgt_id) AS (
            SELECT unnest(v_ids)
            UNION
            SELECT d.pgt_id FROM down
              JOIN pgtrickle.pgt_stream_tables s ON s.pgt_id = down.pgt_id
              JOIN pgtrickle.pgt_dependencies d ON d.source_relid = s.pgt_relid
        )
        UPDATE pgtrickle.pgt_stream_tables SET status = 'ERROR', updated_at = now()
         WHERE pgt_id IN (SELECT pgt_id FROM down);
        IF obj.object_type = 'table' THEN
            IF to_regclass(format('pgtrickle_changes.%I', 'changes_' || obj.objid)) IS NOT NULL THEN
                EXECUTE format('DROP TABLE pgtrickle_changes.%I', 'changes_' || obj.objid);
            END IF;
            DELETE FROM pgtrickle.pgt_change_tracking WHERE source_relid = obj.objid;
        END IF;
    END LOOP;
END;
$$;

CREATE EVENT TRIGGER pg_trickle_ddl_tracker ON ddl_command_end
    EXECUTE FUNCTION pgtrickle_emulation.on_ddl_end();

CREATE EVENT TRIGGER pg_trickle_drop_tracker ON sql_drop
    EXECUTE FUNCTION pgtrickle_emulation.on_sql_drop();
