package io.pgtrickle.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pgtrickle.core.PgTrickleSql.Call;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleSql}.
 */
class PgTrickleSqlTests {

	@Test
	void createSendsOnlyNameAndQueryWhenNothingElseIsSet() {
		StreamTableDefinition definition = StreamTableDefinition.builder("public.totals", "SELECT 1 AS one").build();
		Call call = PgTrickleSql.create(PgTrickleSql.CREATE_STREAM_TABLE, definition, null);
		assertThat(call.sql()).isEqualTo("SELECT pgtrickle.create_stream_table(name => ?, query => ?)");
		assertThat(call.arguments()).containsExactly("public.totals", "SELECT 1 AS one");
	}

	@Test
	void createSendsSetOptionsWithNamedArguments() {
		StreamTableDefinition definition = StreamTableDefinition.builder("public.totals", "SELECT 1 AS one")
			.schedule(Schedule.parse("5m"))
			.refreshMode(RefreshMode.DIFFERENTIAL)
			.initialize(false)
			.cdcMode(CdcMode.TRIGGER)
			.diamondConsistency(DiamondConsistency.NONE)
			.maxDifferentialJoins(2)
			.maxDeltaFraction(0.25)
			.build();
		Call call = PgTrickleSql.create(PgTrickleSql.CREATE_STREAM_TABLE_IF_NOT_EXISTS, definition, null);
		assertThat(call.sql()).isEqualTo("SELECT pgtrickle.create_stream_table_if_not_exists(name => ?, query => ?, "
				+ "schedule => ?, refresh_mode => ?, initialize => ?, diamond_consistency => ?, cdc_mode => ?, "
				+ "max_differential_joins => ?, max_delta_fraction => ?)");
		assertThat(call.arguments()).containsExactly("public.totals", "SELECT 1 AS one", "5m", "DIFFERENTIAL", false,
				"none", "trigger", 2, 0.25);
	}

	@Test
	void createWithRefreshModeOverrideSendsTheOverride() {
		StreamTableDefinition definition = StreamTableDefinition.builder("public.totals", "SELECT 1 AS one").build();
		Call call = PgTrickleSql.create(PgTrickleSql.CREATE_OR_REPLACE_STREAM_TABLE, definition, RefreshMode.FULL);
		assertThat(call.argumentNames()).containsExactly("name", "query", "refresh_mode");
		assertThat(call.arguments()).containsExactly("public.totals", "SELECT 1 AS one", "FULL");
	}

	@Test
	void createNeverPutsValuesIntoTheSql() {
		String hostile = "x'); DROP TABLE canary; --";
		StreamTableDefinition definition = StreamTableDefinition.builder("public.totals", hostile)
			.partitionBy(hostile)
			.storageBackend(hostile)
			.build();
		Call call = PgTrickleSql.create(PgTrickleSql.CREATE_STREAM_TABLE, definition, null);
		assertThat(call.sql()).doesNotContain("canary").doesNotContain("'");
		assertThat(call.arguments()).contains(hostile);
	}

	@Test
	void alterSendsOnlyWhatChanges() {
		Call call = PgTrickleSql.alter(StreamTableName.of("s.t"),
				StreamTableAlteration.builder().schedule(Schedule.parse("@hourly")).tier(RefreshTier.WARM).build());
		assertThat(call.sql()).isEqualTo("SELECT pgtrickle.alter_stream_table(name => ?, schedule => ?, tier => ?)");
		assertThat(call.arguments()).containsExactly("s.t", "@hourly", "warm");
	}

	@Test
	void alterSendsStatusUpperCase() {
		Call call = PgTrickleSql.alter(StreamTableName.of("s.t"), StreamTableAlteration.ofStatus(StreamTableStatus.SUSPENDED));
		assertThat(call.arguments()).containsExactly("s.t", "SUSPENDED");
	}

	@Test
	void everyAlterOptionHasItsContractName() {
		StreamTableAlteration alteration = StreamTableAlteration.builder()
			.query("SELECT 1")
			.schedule(Schedule.calculated())
			.refreshMode(RefreshMode.FULL)
			.status(StreamTableStatus.ACTIVE)
			.diamondConsistency(DiamondConsistency.ATOMIC)
			.diamondSchedulePolicy(DiamondSchedulePolicy.FASTEST)
			.cdcMode(CdcMode.AUTO)
			.appendOnly(false)
			.poolerCompatibilityMode(false)
			.tier(RefreshTier.HOT)
			.fuse("off")
			.fuseCeiling(5L)
			.fuseSensitivity(1)
			.partitionBy("")
			.maxDifferentialJoins(0)
			.maxDeltaFraction(0.0)
			.postRefreshAction("none")
			.reindexDriftThreshold(1.0)
			.targetFreshness("manual")
			.build();
		assertThat(PgTrickleSql.alter(StreamTableName.of("s.t"), alteration).argumentNames()).isEqualTo(List.of("name",
				"query", "schedule", "refresh_mode", "status", "diamond_consistency", "diamond_schedule_policy",
				"cdc_mode", "append_only", "pooler_compatibility_mode", "tier", "fuse", "fuse_ceiling",
				"fuse_sensitivity", "partition_by", "max_differential_joins", "max_delta_fraction",
				"post_refresh_action", "reindex_drift_threshold", "target_freshness"));
	}

	@Test
	void everyCreateOptionHasItsContractName() {
		StreamTableDefinition definition = StreamTableDefinition.builder("s.t", "SELECT 1")
			.schedule(Schedule.calculated())
			.refreshMode(RefreshMode.AUTO)
			.initialize(true)
			.diamondConsistency(DiamondConsistency.ATOMIC)
			.diamondSchedulePolicy(DiamondSchedulePolicy.SLOWEST)
			.cdcMode(CdcMode.WAL)
			.appendOnly(true)
			.poolerCompatibilityMode(true)
			.partitionBy("a")
			.maxDifferentialJoins(1)
			.maxDeltaFraction(0.1)
			.outputDistributionColumn("a")
			.temporal(false)
			.storageBackend("heap")
			.fillfactor(70)
			.targetFreshness("on_commit")
			.orchestrationMode("EXTERNAL")
			.build();
		assertThat(PgTrickleSql.create(PgTrickleSql.CREATE_STREAM_TABLE, definition, null).argumentNames())
			.isEqualTo(List.of("name", "query", "schedule", "refresh_mode", "initialize", "diamond_consistency",
					"diamond_schedule_policy", "cdc_mode", "append_only", "pooler_compatibility_mode", "partition_by",
					"max_differential_joins", "max_delta_fraction", "output_distribution_column", "temporal",
					"storage_backend", "fillfactor", "target_freshness", "orchestration_mode"));
	}

	@Test
	void catalogQueriesNeverSelectStar() {
		for (String sql : List.of(PgTrickleSql.FIND_INFO, PgTrickleSql.FIND_ALL, PgTrickleSql.STATUS_SNAPSHOT,
				PgTrickleSql.STATS, PgTrickleSql.SOURCES, PgTrickleSql.DEPENDENCY_GRAPH, PgTrickleSql.CDC_HEALTH,
				PgTrickleSql.HEALTH_CHECKS, PgTrickleSql.EXPLAIN, PgTrickleSql.OBSERVE_INFO)) {
			assertThat(sql).doesNotContain("SELECT *").doesNotContain(".*");
		}
	}

	@Test
	void brokenUpstreamFunctionsAreNeverCalled() {
		String all = String.join("\n", PgTrickleSql.REFRESH, PgTrickleSql.RESUME, PgTrickleSql.DROP,
				PgTrickleSql.IS_STALE, PgTrickleSql.STATUS_SNAPSHOT, PgTrickleSql.HEALTH_CHECKS,
				PgTrickleSql.CAPABILITIES, PgTrickleSql.RESOLVE_AUTO_FOR_QUERY, PgTrickleSql.RESOLVE_AUTO_FOR_STORED_QUERY);
		assertThat(all).doesNotContain("bulk_alter_stream_tables", "bulk_drop_stream_tables", "health_summary",
				"pause_all", "subscribe", "refresh_if_stale");
	}

}
