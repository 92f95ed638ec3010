package io.pgtrickle.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
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
 * Integration tests for the refresh operations of {@link PgTrickleTemplate}.
 */
@PgTrickleTest
class PgTrickleTemplateRefreshIntegrationTests {

	private static final StreamTableName TOTALS = StreamTableName.of("public.totals");

	private static final StreamTableName DOUBLED = StreamTableName.of("public.doubled");

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate template;

	private final TransactionTemplate transaction;

	PgTrickleTemplateRefreshIntegrationTests(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.template = new PgTrickleTemplate(dataSource);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	@BeforeAll
	static void createSources(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
		jdbc.execute("CREATE SCHEMA sales");
	}

	@BeforeEach
	void resetStreamTables() {
		for (StreamTableInfo info : this.template.findAll()) {
			this.template.dropIfExists(info.name(), true);
		}
		this.jdbc.execute("TRUNCATE orders");
		this.jdbc.execute("INSERT INTO orders VALUES (1, 1, 10), (2, 1, 5), (3, 2, 7)");
		this.template.create(StreamTableDefinition
			.builder(TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
	}

	@Test
	void refreshOutsideTransactionCommitsAtOnce() {
		this.jdbc.update("INSERT INTO orders VALUES (4, 1, 100)");
		RefreshResult result = this.template.refresh(TOTALS);
		assertThat(result.outcome()).isEqualTo(RefreshResult.Outcome.REFRESHED);
		assertThat(result.streamTable()).isEqualTo(TOTALS);
		assertThat(total(1)).isEqualTo(115);
	}

	@Test
	void refreshInsideTransactionSeesItsWritesAndCommitsWithThem() {
		Integer seenInside = this.transaction.execute((status) -> {
			this.jdbc.update("INSERT INTO orders VALUES (4, 1, 100)");
			this.template.refresh(TOTALS).orThrow();
			return total(1);
		});
		assertThat(seenInside).isEqualTo(115);
		assertThat(total(1)).isEqualTo(115);
	}

	@Test
	void refreshInsideRolledBackTransactionIsUndone() {
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update("INSERT INTO orders VALUES (4, 1, 100)");
			this.template.refresh(TOTALS).orThrow();
			status.setRollbackOnly();
		});
		assertThat(total(1)).isEqualTo(15);
	}

	@Test
	void refreshWhileAnotherSessionRefreshesReportsSkipped() throws Exception {
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement statement = other.prepareStatement("SELECT pgtrickle.refresh_stream_table(name => ?)")) {
				statement.setString(1, TOTALS.toString());
				statement.execute();
			}
			RefreshResult result = this.template.refresh(TOTALS);
			assertThat(result.outcome()).isEqualTo(RefreshResult.Outcome.SKIPPED);
			assertThat(result.notice()).startsWith("refresh skipped");
			assertThatExceptionOfType(RefreshSkippedException.class).isThrownBy(result::orThrow)
				.withMessageContaining("public.totals");
			other.rollback();
		}
		assertThat(this.template.refresh(TOTALS).isRefreshed()).isTrue();
	}

	@Test
	void refreshWhenSuspendedThrowsStreamTableSuspendedException() {
		this.template.suspend(TOTALS);
		assertThatExceptionOfType(StreamTableSuspendedException.class).isThrownBy(() -> this.template.refresh(TOTALS))
			.withMessageContaining("public.totals is SUSPENDED")
			.withMessageContaining("resume");
	}

	@Test
	void refreshWhenMissingThrowsStreamTableNotFoundException() {
		assertThatExceptionOfType(StreamTableNotFoundException.class)
			.isThrownBy(() -> this.template.refresh(StreamTableName.of("public.missing")))
			.satisfies((ex) -> assertThat(ex.getStreamTable()).isEqualTo(StreamTableName.of("public.missing")));
	}

	@Test
	void refreshWithUnqualifiedNameResolvesTheCurrentSchema() {
		assertThat(this.template.refresh(StreamTableName.of("totals")).streamTable()).isEqualTo(TOTALS);
	}

	@Test
	void refreshIfStaleWhenFreshDoesNotRefresh() {
		long before = historySize(TOTALS);
		RefreshResult result = this.template.refreshIfStale(TOTALS, Duration.ofHours(1));
		assertThat(result.outcome()).isEqualTo(RefreshResult.Outcome.FRESH);
		assertThat(historySize(TOTALS)).isEqualTo(before);
	}

	@Test
	void refreshIfStaleWhenStaleRefreshes() {
		this.jdbc.update("INSERT INTO orders VALUES (4, 1, 100)");
		RefreshResult result = this.template.refreshIfStale(TOTALS, Duration.ZERO);
		assertThat(result.outcome()).isEqualTo(RefreshResult.Outcome.REFRESHED);
		assertThat(total(1)).isEqualTo(115);
	}

	@Test
	void refreshIfStaleLooksAtTheGivenSchema() throws InterruptedException {
		StreamTableName salesTotals = StreamTableName.of("sales.totals");
		this.template.create(StreamTableDefinition
			.builder(salesTotals, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
		Thread.sleep(1500);
		this.template.refresh(TOTALS).orThrow();
		assertThat(this.template.refreshIfStale(TOTALS, Duration.ofSeconds(1)).outcome())
			.isEqualTo(RefreshResult.Outcome.FRESH);
		assertThat(this.template.refreshIfStale(salesTotals, Duration.ofSeconds(1)).outcome())
			.isEqualTo(RefreshResult.Outcome.REFRESHED);
	}

	@Test
	void refreshIfStaleWhenMissingThrowsStreamTableNotFoundException() {
		assertThatExceptionOfType(StreamTableNotFoundException.class)
			.isThrownBy(() -> this.template.refreshIfStale(StreamTableName.of("public.missing"), Duration.ZERO));
	}

	@Test
	void refreshAllRefreshesUpstreamFirst() {
		this.template.create(StreamTableDefinition
			.builder(DOUBLED, "SELECT customer_id, total * 2 AS doubled FROM public.totals")
			.schedule(Schedule.parse("1h"))
			.build());
		this.jdbc.update("INSERT INTO orders VALUES (4, 1, 100)");
		List<RefreshResult> results = this.template.refreshAll(List.of(DOUBLED, TOTALS));
		assertThat(results).extracting(RefreshResult::streamTable).containsExactly(TOTALS, DOUBLED);
		assertThat(results).allMatch(RefreshResult::isRefreshed);
		assertThat(this.jdbc.queryForObject("SELECT doubled FROM public.doubled WHERE customer_id = 1", Integer.class))
			.isEqualTo(230);
	}

	@Test
	void refreshAllInsideTransactionCommitsWithIt() {
		this.template.create(StreamTableDefinition
			.builder(DOUBLED, "SELECT customer_id, total * 2 AS doubled FROM public.totals")
			.schedule(Schedule.parse("1h"))
			.build());
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update("INSERT INTO orders VALUES (4, 1, 100)");
			this.template.refreshAll(List.of(DOUBLED, TOTALS));
			status.setRollbackOnly();
		});
		assertThat(this.jdbc.queryForObject("SELECT doubled FROM public.doubled WHERE customer_id = 1", Integer.class))
			.isEqualTo(30);
	}

	private Integer total(int customer) {
		return this.jdbc.queryForObject("SELECT total FROM public.totals WHERE customer_id = ?", Integer.class, customer);
	}

	private long historySize(StreamTableName name) {
		return this.template.history(name, 1000).size();
	}

}
