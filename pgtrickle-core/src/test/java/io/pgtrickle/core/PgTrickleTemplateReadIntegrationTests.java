package io.pgtrickle.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Integration tests for the read operations of {@link PgTrickleTemplate}. The stream tables are
 * created once, with long schedules so that the scheduler leaves them alone; the unpopulated one is
 * suspended in the transaction that creates it, so that the scheduler never populates it.
 */
@PgTrickleTest
class PgTrickleTemplateReadIntegrationTests {

	private static final StreamTableName TOTALS = StreamTableName.of("public.totals");

	private static final StreamTableName DOUBLED = StreamTableName.of("public.doubled");

	private static final StreamTableName PENDING = StreamTableName.of("public.pending");

	private static final StreamTableName MISSING = StreamTableName.of("public.missing");

	private final PgTrickleTemplate template;

	PgTrickleTemplateReadIntegrationTests(DataSource dataSource) {
		this.template = new PgTrickleTemplate(dataSource);
	}

	@BeforeAll
	static void createStreamTables(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
		jdbc.execute("INSERT INTO orders VALUES (1, 1, 10), (2, 1, 5), (3, 2, 7)");
		PgTrickleTemplate template = new PgTrickleTemplate(dataSource);
		template.create(StreamTableDefinition
			.builder(TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.refreshMode(RefreshMode.DIFFERENTIAL)
			.build());
		template.create(StreamTableDefinition
			.builder(DOUBLED, "SELECT customer_id, total * 2 AS doubled FROM public.totals")
			.schedule(Schedule.parse("@daily"))
			.build());
		new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult((status) -> {
			template.create(StreamTableDefinition.builder(PENDING, "SELECT id FROM orders")
				.schedule(Schedule.parse("1h"))
				.initialize(false)
				.build());
			template.suspend(PENDING);
		});
		jdbc.update("INSERT INTO orders VALUES (4, 1, 100)");
		template.refresh(TOTALS).orThrow();
	}

	@Test
	void findInfoReadsTheCatalog() {
		StreamTableInfo info = this.template.findInfo(TOTALS).orElseThrow();
		assertThat(info.name()).isEqualTo(TOTALS);
		assertThat(info.id()).isPositive();
		assertThat(info.relationId()).isPositive();
		assertThat(info.query()).contains("sum(amount)");
		assertThat(info.schedule()).isEqualTo(Schedule.parse("1h"));
		assertThat(info.refreshMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
		assertThat(info.status()).isEqualTo(StreamTableStatus.ACTIVE);
		assertThat(info.populated()).isTrue();
		assertThat(info.lastRefreshAt()).isNotNull();
		assertThat(info.dataTimestamp()).isNotNull();
		assertThat(info.consecutiveErrors()).isZero();
		assertThat(info.needsReinitialization()).isFalse();
		assertThat(info.refreshTier()).isEqualTo(RefreshTier.HOT);
		assertThat(info.lastErrorMessage()).isNull();
		assertThat(info.createdAt()).isBeforeOrEqualTo(info.updatedAt());
	}

	@Test
	void findInfoOfCronAndUninitializedStreamTables() {
		assertThat(this.template.findInfo(DOUBLED).orElseThrow().schedule()).isEqualTo(Schedule.parse("@daily"));
		StreamTableInfo pending = this.template.findInfo(PENDING).orElseThrow();
		assertThat(pending.status()).isEqualTo(StreamTableStatus.SUSPENDED);
		assertThat(pending.populated()).isFalse();
	}

	@Test
	void findInfoWhenMissingIsEmpty() {
		assertThat(this.template.findInfo(MISSING)).isEmpty();
		assertThat(this.template.exists(MISSING)).isFalse();
		assertThat(this.template.exists(TOTALS)).isTrue();
	}

	@Test
	void findAllListsEveryStreamTableByName() {
		assertThat(this.template.findAll()).extracting(StreamTableInfo::name).containsExactly(DOUBLED, PENDING, TOTALS);
	}

	@Test
	void statusSnapshotReadsEveryStreamTableAtOnce() {
		StatusSnapshot snapshot = this.template.statusSnapshot();
		assertThat(snapshot.databaseTime()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
		assertThat(snapshot.streamTables()).extracting(StreamTableState::name).containsExactly(DOUBLED, PENDING, TOTALS);
		StreamTableState totals = snapshot.find(TOTALS).orElseThrow();
		assertThat(totals.status()).isEqualTo(StreamTableStatus.ACTIVE);
		assertThat(totals.refreshMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
		assertThat(totals.populated()).isTrue();
		assertThat(totals.schedule()).isEqualTo(Schedule.parse("1h"));
		assertThat(totals.staleness()).isNotNull().isLessThan(Duration.ofHours(1));
		assertThat(totals.stale()).isFalse();
		assertThat(totals.stats().totalRefreshes()).isGreaterThanOrEqualTo(2);
		assertThat(totals.stats().successfulRefreshes()).isGreaterThanOrEqualTo(2);
		assertThat(totals.stats().failedRefreshes()).isZero();
		assertThat(totals.cdcModes()).singleElement().isIn(CdcMode.TRIGGER, CdcMode.TRANSITIONING, CdcMode.WAL);
		assertThat(totals.refreshTier()).isEqualTo(RefreshTier.HOT);
		assertThat(snapshot.find(PENDING).orElseThrow().populated()).isFalse();
		assertThat(snapshot.count(StreamTableStatus.ACTIVE)).isEqualTo(2);
		assertThat(snapshot.count(StreamTableStatus.SUSPENDED)).isEqualTo(1);
		// A real scheduler of a database created a moment ago may still be starting.
		assertThat(snapshot.scheduler()).isIn(SchedulerStatus.RUNNING, SchedulerStatus.STARTING);
		assertThat(snapshot.standby()).isFalse();
		assertThat(snapshot.cdcSources()).singleElement().satisfies((source) -> {
			assertThat(source.sourceTable()).isEqualTo("orders");
			assertThat(source.sourceOid()).isPositive();
			assertThat(source.cdcMode()).isIn(CdcMode.TRIGGER, CdcMode.TRANSITIONING, CdcMode.WAL);
			assertThat(source.pendingRows()).isNotNegative();
			assertThat(source.bufferBytes()).isNotNegative();
			assertThat(source.hasAlert()).isFalse();
		});
	}

	@Test
	void statsOfOneStreamTable() {
		StreamTableStats stats = this.template.stats(TOTALS);
		assertThat(stats.totalRefreshes()).isGreaterThanOrEqualTo(2);
		assertThat(stats.lastStatus()).isEqualTo("COMPLETED");
		assertThat(stats.lastAction()).isIn("FULL", "DIFFERENTIAL");
		assertThatExceptionOfType(StreamTableNotFoundException.class).isThrownBy(() -> this.template.stats(MISSING));
	}

	@Test
	void historyIsNewestFirst() {
		List<RefreshHistoryEntry> history = this.template.history(TOTALS, 10);
		assertThat(history).hasSizeGreaterThanOrEqualTo(2);
		assertThat(history.get(0).refreshId()).isGreaterThan(history.get(1).refreshId());
		assertThat(history.get(0).initiatedBy()).isEqualTo("MANUAL");
		assertThat(history.get(0).status()).isEqualTo("COMPLETED");
		assertThat(history.get(history.size() - 1).initiatedBy()).isEqualTo("INITIAL");
		assertThat(this.template.history(TOTALS, 1)).hasSize(1);
	}

	@Test
	void historyOfStreamTableWithoutRefreshesIsEmpty() {
		assertThat(this.template.history(PENDING, 10)).isEmpty();
	}

	@Test
	void historyWhenMissingThrowsStreamTableNotFoundException() {
		assertThatExceptionOfType(StreamTableNotFoundException.class).isThrownBy(() -> this.template.history(MISSING, 5));
	}

	@Test
	void historyWithNonPositiveLimitThrows() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> this.template.history(TOTALS, 0))
			.withMessageContaining("maxEntries");
	}

	@Test
	void explainReturnsPgTrickleProperties() {
		StreamTableExplanation explanation = this.template.explain(TOTALS);
		assertThat(explanation.streamTable()).isEqualTo(TOTALS);
		assertThat(explanation.property("refresh_mode")).isEqualTo("DIFFERENTIAL");
		assertThat(explanation.properties()).containsKeys("defining_query", "status");
		assertThatExceptionOfType(StreamTableNotFoundException.class).isThrownBy(() -> this.template.explain(MISSING));
	}

	@Test
	void sourcesListsTablesAndStreamTables() {
		assertThat(this.template.sources(TOTALS)).singleElement().satisfies((source) -> {
			assertThat(source.source()).isEqualTo("public.orders");
			assertThat(source.sourceType()).isEqualTo(SourceType.TABLE);
			assertThat(source.cdcMode()).isIn(CdcMode.TRIGGER, CdcMode.TRANSITIONING, CdcMode.WAL);
			assertThat(source.sourceOid()).isPositive();
		});
		assertThat(this.template.sources(DOUBLED)).singleElement()
			.satisfies((source) -> assertThat(source.sourceType()).isEqualTo(SourceType.STREAM_TABLE));
		assertThatExceptionOfType(StreamTableNotFoundException.class).isThrownBy(() -> this.template.sources(MISSING));
	}

	@Test
	void dependencyGraphLinksStreamTables() {
		DependencyGraph graph = this.template.dependencyGraph();
		assertThat(graph.streamTables()).containsExactly(DOUBLED, PENDING, TOTALS);
		assertThat(graph.upstreamOf(DOUBLED)).containsExactly(TOTALS);
		assertThat(graph.downstreamOf(TOTALS)).containsExactly(DOUBLED);
		assertThat(graph.dependenciesOf(TOTALS)).singleElement().satisfies((dependency) -> {
			assertThat(dependency.source()).isEqualTo("public.orders");
			assertThat(dependency.sourceType()).isEqualTo(SourceType.TABLE);
		});
		List<StreamTableName> order = graph.topologicalOrder();
		assertThat(order.indexOf(TOTALS)).isLessThan(order.indexOf(DOUBLED));
	}

	@Test
	void cdcHealthCoversEverySourceTable() {
		assertThat(this.template.cdcHealth()).singleElement().satisfies((health) -> {
			assertThat(health.sourceTable()).contains("orders");
			assertThat(health.cdcMode()).isIn(CdcMode.TRIGGER, CdcMode.WAL, CdcMode.TRANSITIONING);
		});
	}

	@Test
	void healthChecksRunPgTrickleChecks() {
		List<HealthCheck> checks = this.template.healthChecks();
		assertThat(checks).extracting(HealthCheck::name).contains("scheduler_running", "error_tables");
		assertThat(checks).extracting(HealthCheck::severity).doesNotContain(HealthCheck.Severity.UNKNOWN);
	}

	@Test
	void versionIsTheInstalledExtensionVersion(PgTrickleDatabase database) {
		assertThat(this.template.version().text()).isEqualTo(database.extensionVersion());
		assertThat(this.template.version().isAtLeast(0, 67, 0)).isTrue();
	}

	@Test
	void capabilitiesProbeTheCatalog() {
		PgTrickleCapabilities capabilities = this.template.capabilities();
		assertThat(capabilities.createArguments()).contains("name", "query", "schedule", "refresh_mode", "initialize",
				"cdc_mode", "append_only", "storage_backend");
		assertThat(capabilities.createOrReplaceArguments()).contains("name", "query").doesNotContain("fillfactor");
		assertThat(capabilities.alterArguments()).contains("name", "status", "tier", "fuse");
		assertThat(capabilities.hasFunction("refresh_stream_table")).isTrue();
		assertThat(capabilities.hasFunction("no_such_function")).isFalse();
		if (!capabilities.version().isAtLeast(0, 73, 0)) {
			assertThat(capabilities.supportsCreateArgument("fillfactor")).isFalse();
		}
		if (capabilities.version().isAtLeast(0, 82, 0)) {
			assertThat(capabilities.supportsCreateArgument("fillfactor")).isTrue();
			assertThat(capabilities.supportsAlterArgument("target_freshness")).isTrue();
		}
		assertThat(this.template.capabilities()).isSameAs(capabilities);
	}

}
