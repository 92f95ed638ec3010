package io.pgtrickle.core;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for the lifecycle operations of {@link PgTrickleTemplate}: create, alter,
 * suspend, resume and drop.
 */
@PgTrickleTest
class PgTrickleTemplateLifecycleIntegrationTests {

	private static final String TOTALS_QUERY = "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate template;

	PgTrickleTemplateLifecycleIntegrationTests(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.template = new PgTrickleTemplate(dataSource);
	}

	@BeforeAll
	static void createSources(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
		jdbc.execute("INSERT INTO orders VALUES (1, 1, 10), (2, 1, 5), (3, 2, 7)");
		jdbc.execute("CREATE SCHEMA sales");
		jdbc.execute("CREATE TABLE sales.orders (id int PRIMARY KEY, amount numeric NOT NULL)");
	}

	@BeforeEach
	void dropStreamTables() {
		for (StreamTableInfo info : this.template.findAll()) {
			this.template.dropIfExists(info.name(), true);
		}
	}

	@Test
	void createPopulatesTheStreamTable() {
		this.template.create(definition("public.totals").build());
		assertThat(this.jdbc.queryForObject("SELECT total FROM public.totals WHERE customer_id = 1", Integer.class))
			.isEqualTo(15);
		StreamTableInfo info = this.template.findInfo(StreamTableName.of("public.totals")).orElseThrow();
		assertThat(info.status()).isEqualTo(StreamTableStatus.ACTIVE);
		assertThat(info.populated()).isTrue();
		assertThat(info.schedule()).isEqualTo(Schedule.parse("1h"));
	}

	@Test
	void createSendsTheOptionsThatWereSet() {
		this.template.create(definition("public.totals").refreshMode(RefreshMode.FULL)
			.initialize(false)
			.cdcMode(CdcMode.TRIGGER)
			.build());
		StreamTableInfo info = this.template.findInfo(StreamTableName.of("public.totals")).orElseThrow();
		assertThat(info.refreshMode()).isEqualTo(RefreshMode.FULL);
		assertThat(info.status()).isEqualTo(StreamTableStatus.INITIALIZING);
		assertThat(info.populated()).isFalse();
		assertThat(info.requestedCdcMode()).isEqualTo(CdcMode.TRIGGER);
	}

	@Test
	void createWithUnqualifiedNameUsesTheCurrentSchemaAndSendsItQualified() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)).executeWithoutResult((status) -> {
			jdbc.execute("SET LOCAL search_path TO sales, public");
			this.template.create(StreamTableDefinition.builder("sales_totals", "SELECT sum(amount) AS total FROM sales.orders")
				.schedule(Schedule.parse("1h"))
				.build());
		});
		assertThat(this.template.exists(StreamTableName.of("sales.sales_totals"))).isTrue();
		assertThat(this.template.exists(StreamTableName.of("public.sales_totals"))).isFalse();
	}

	@Test
	void createWhenExistsThrowsStreamTableAlreadyExistsException() {
		this.template.create(definition("public.totals").build());
		assertThatExceptionOfType(StreamTableAlreadyExistsException.class)
			.isThrownBy(() -> this.template.create(definition("public.totals").build()))
			.withMessageContaining("public.totals")
			.satisfies((ex) -> assertThat(ex.getStreamTable()).isEqualTo(StreamTableName.of("public.totals")));
	}

	@Test
	void createIfNotExistsReportsWhetherItCreated() {
		assertThat(this.template.createIfNotExists(definition("public.totals").build())).isTrue();
		assertThat(this.template.createIfNotExists(definition("public.totals").schedule(Schedule.parse("2h")).build()))
			.isFalse();
		assertThat(this.template.findInfo(StreamTableName.of("public.totals")).orElseThrow().schedule())
			.isEqualTo(Schedule.parse("1h"));
	}

	@Test
	void createOrReplaceCreatesThenLeavesUnchangedThenReplaces() {
		assertThat(this.template.createOrReplace(definition("public.totals").build()))
			.isEqualTo(CreateOrReplaceOutcome.CREATED);
		assertThat(this.template.createOrReplace(definition("public.totals").build()))
			.isEqualTo(CreateOrReplaceOutcome.UNCHANGED);
		assertThat(this.template.createOrReplace(definition("public.totals").schedule(Schedule.parse("2h")).build()))
			.isEqualTo(CreateOrReplaceOutcome.REPLACED);
		assertThat(this.template.findInfo(StreamTableName.of("public.totals")).orElseThrow().schedule())
			.isEqualTo(Schedule.parse("2h"));
	}

	@Test
	void createOrReplaceWithAutoKeepsTheStoredModeOfAFullStreamTable() {
		this.template.create(definition("public.totals").refreshMode(RefreshMode.FULL).build());
		assertThat(this.template.createOrReplace(definition("public.totals").build()))
			.isEqualTo(CreateOrReplaceOutcome.UNCHANGED);
		assertThat(this.template.createOrReplace(definition("public.totals").refreshMode(RefreshMode.AUTO).build()))
			.isEqualTo(CreateOrReplaceOutcome.UNCHANGED);
		assertThat(this.template.findInfo(StreamTableName.of("public.totals")).orElseThrow().refreshMode())
			.isEqualTo(RefreshMode.FULL);
	}

	@Test
	void createOrReplaceWithNewQueryReplacesTheData() {
		this.template.create(definition("public.totals").build());
		this.template.createOrReplace(StreamTableDefinition
			.builder("public.totals", "SELECT customer_id, count(*) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
		assertThat(this.jdbc.queryForObject("SELECT total FROM public.totals WHERE customer_id = 1", Integer.class))
			.isEqualTo(2);
	}

	@Test
	void createOrReplaceRejectsOptionsItCannotSend() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> this.template.createOrReplace(definition("public.totals").fillfactor(80).build()))
			.withMessageContaining("create_or_replace_stream_table");
		assertThat(this.template.exists(StreamTableName.of("public.totals"))).isFalse();
	}

	@Test
	void createWithOptionTheServerLacksThrowsBeforeSendingIt() {
		PgTrickleCapabilities capabilities = this.template.capabilities();
		if (capabilities.supportsCreateArgument("fillfactor")) {
			this.template.create(definition("public.totals").fillfactor(90).build());
			assertThat(this.template.exists(StreamTableName.of("public.totals"))).isTrue();
		}
		else {
			assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
				.isThrownBy(() -> this.template.create(definition("public.totals").fillfactor(90).build()))
				.withMessageContaining("fillfactor is not supported")
				.withMessageContaining(capabilities.version().text());
		}
	}

	@Test
	void createAllCreatesEveryStreamTableInOneTransaction() {
		this.template.createAll(List.of(definition("public.totals").build(), StreamTableDefinition
			.builder("public.big_totals", "SELECT customer_id, total FROM public.totals WHERE total > 6")
			.schedule(Schedule.parse("1h"))
			.build()));
		assertThat(this.template.findAll()).extracting(StreamTableInfo::name)
			.containsExactly(StreamTableName.of("public.big_totals"), StreamTableName.of("public.totals"));
	}

	@Test
	void createAllCreatesNothingWhenOneFails() {
		assertThatExceptionOfType(StreamTableAlreadyExistsException.class).isThrownBy(() -> this.template
			.createAll(List.of(definition("public.totals").build(), definition("public.totals").build())));
		assertThat(this.template.findAll()).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT to_regclass('public.totals') IS NULL", Boolean.class)).isTrue();
	}

	@Test
	void createAllJoinsTheCallersTransaction() {
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		transaction.executeWithoutResult((status) -> {
			this.template.createAll(List.of(definition("public.totals").build()));
			status.setRollbackOnly();
		});
		assertThat(this.template.findAll()).isEmpty();
	}

	@Test
	void alterChangesOnlyWhatIsSet() {
		this.template.create(definition("public.totals").cdcMode(CdcMode.TRIGGER).build());
		this.template.alter(StreamTableName.of("public.totals"), StreamTableAlteration.ofSchedule(Schedule.parse("30m")));
		StreamTableInfo info = this.template.findInfo(StreamTableName.of("public.totals")).orElseThrow();
		assertThat(info.schedule()).isEqualTo(Schedule.parse("30m"));
		assertThat(info.requestedCdcMode()).isEqualTo(CdcMode.TRIGGER);
	}

	@Test
	void alterRefreshModeAndQuery() {
		this.template.create(definition("public.totals").build());
		this.template.alter(StreamTableName.of("public.totals"), StreamTableAlteration.builder()
			.refreshMode(RefreshMode.FULL)
			.query("SELECT customer_id, max(amount) AS total FROM orders GROUP BY customer_id")
			.build());
		StreamTableInfo info = this.template.findInfo(StreamTableName.of("public.totals")).orElseThrow();
		assertThat(info.refreshMode()).isEqualTo(RefreshMode.FULL);
		assertThat(this.jdbc.queryForObject("SELECT total FROM public.totals WHERE customer_id = 1", Integer.class))
			.isEqualTo(10);
	}

	@Test
	void alterToAutoSendsTheModeAutoWouldChoose() {
		this.template.create(definition("public.totals").refreshMode(RefreshMode.FULL).build());
		this.template.alter(StreamTableName.of("public.totals"), StreamTableAlteration.ofRefreshMode(RefreshMode.AUTO));
		assertThat(this.template.findInfo(StreamTableName.of("public.totals")).orElseThrow().refreshMode())
			.isEqualTo(RefreshMode.DIFFERENTIAL);
	}

	@Test
	void alterWithEmptyAlterationDoesNothing() {
		this.template.alter(StreamTableName.of("public.missing"), StreamTableAlteration.builder().build());
	}

	@Test
	void alterWhenMissingThrowsStreamTableNotFoundException() {
		assertThatExceptionOfType(StreamTableNotFoundException.class)
			.isThrownBy(() -> this.template.alter(StreamTableName.of("public.missing"),
					StreamTableAlteration.ofSchedule(Schedule.parse("1m"))))
			.withMessageContaining("public.missing does not exist");
	}

	@Test
	void alterAllAppliesToEveryStreamTableOrNone() {
		this.template.create(definition("public.totals").build());
		this.template.create(definition("public.totals2").build());
		this.template.alterAll(List.of(StreamTableName.of("public.totals"), StreamTableName.of("public.totals2")),
				StreamTableAlteration.ofSchedule(Schedule.parse("45m")));
		assertThat(this.template.findAll()).extracting(StreamTableInfo::schedule)
			.containsOnly(Schedule.parse("45m"));
		assertThatExceptionOfType(StreamTableNotFoundException.class).isThrownBy(() -> this.template.alterAll(
				List.of(StreamTableName.of("public.totals"), StreamTableName.of("public.missing")),
				StreamTableAlteration.ofSchedule(Schedule.parse("2h"))));
		assertThat(this.template.findAll()).extracting(StreamTableInfo::schedule)
			.containsOnly(Schedule.parse("45m"));
	}

	@Test
	void suspendAndResume() {
		StreamTableName name = StreamTableName.of("public.totals");
		this.template.create(definition("public.totals").build());
		this.template.suspend(name);
		assertThat(this.template.findInfo(name).orElseThrow().status()).isEqualTo(StreamTableStatus.SUSPENDED);
		this.template.resume(name);
		assertThat(this.template.findInfo(name).orElseThrow().status()).isEqualTo(StreamTableStatus.ACTIVE);
	}

	@Test
	void resumeOfActiveStreamTableThrowsInvalidArgument() {
		this.template.create(definition("public.totals").build());
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> this.template.resume(StreamTableName.of("public.totals")))
			.withMessageContaining("public.totals")
			.withMessageContaining("not suspended");
	}

	@Test
	void dropRemovesTheStreamTable() {
		this.template.create(definition("public.totals").build());
		this.template.drop(StreamTableName.of("public.totals"));
		assertThat(this.template.exists(StreamTableName.of("public.totals"))).isFalse();
		assertThat(this.jdbc.queryForObject("SELECT to_regclass('public.totals') IS NULL", Boolean.class)).isTrue();
	}

	@Test
	void dropWhenMissingThrowsStreamTableNotFoundException() {
		assertThatExceptionOfType(StreamTableNotFoundException.class)
			.isThrownBy(() -> this.template.drop(StreamTableName.of("public.missing")));
	}

	@Test
	void dropWithDependentsNeedsCascade() {
		this.template.create(definition("public.totals").build());
		this.template.create(StreamTableDefinition.builder("public.big_totals", "SELECT customer_id, total FROM public.totals")
			.schedule(Schedule.parse("1h"))
			.build());
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> this.template.drop(StreamTableName.of("public.totals")))
			.withMessageContaining("public.totals cannot be dropped")
			.withMessageContaining("cascade");
		this.template.drop(StreamTableName.of("public.totals"), true);
		assertThat(this.template.findAll()).isEmpty();
	}

	@Test
	void dropIfExistsReportsWhetherItDropped() {
		this.template.create(definition("public.totals").build());
		assertThat(this.template.dropIfExists(StreamTableName.of("public.totals"))).isTrue();
		assertThat(this.template.dropIfExists(StreamTableName.of("public.totals"))).isFalse();
	}

	@Test
	void dropIfExistsOfMissingStreamTableKeepsTheCallersTransactionUsable() {
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		Integer afterwards = transaction.execute((status) -> {
			assertThat(this.template.dropIfExists(StreamTableName.of("public.missing"))).isFalse();
			return this.jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class);
		});
		assertThat(afterwards).isEqualTo(3);
	}

	@Test
	void dropIfExistsInsideTransactionIsRolledBackWithIt() {
		this.template.create(definition("public.totals").build());
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		transaction.executeWithoutResult((status) -> {
			assertThat(this.template.dropIfExists(StreamTableName.of("public.totals"))).isTrue();
			status.setRollbackOnly();
		});
		assertThat(this.template.exists(StreamTableName.of("public.totals"))).isTrue();
	}

	@Test
	void dropAllDropsDownstreamFirst() {
		this.template.create(definition("public.totals").build());
		this.template.create(StreamTableDefinition.builder("public.big_totals", "SELECT customer_id, total FROM public.totals")
			.schedule(Schedule.parse("1h"))
			.build());
		this.template.dropAll(List.of(StreamTableName.of("public.totals"), StreamTableName.of("public.big_totals")),
				false);
		assertThat(this.template.findAll()).isEmpty();
	}

	private static StreamTableDefinition.Builder definition(String name) {
		return StreamTableDefinition.builder(name, TOTALS_QUERY).schedule(Schedule.parse("1h"));
	}

}
