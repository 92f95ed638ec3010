package io.pgtrickle.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for the {@code await*} operations of {@link PgTrickleTemplate}, which rely on
 * the backend's scheduler to populate stream tables created without initialization.
 */
@PgTrickleTest
class PgTrickleTemplateAwaitIntegrationTests {

	private static final StreamTableName IDS = StreamTableName.of("public.ids");

	private static final Duration SCHEDULER_TIMEOUT = Duration.ofSeconds(30);

	private final DataSource dataSource;

	private final PgTrickleTemplate template;

	PgTrickleTemplateAwaitIntegrationTests(DataSource dataSource) {
		this.dataSource = dataSource;
		this.template = new PgTrickleTemplate(dataSource);
	}

	@BeforeAll
	static void createSource(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY)");
		jdbc.execute("INSERT INTO orders VALUES (1), (2)");
	}

	@BeforeEach
	void dropStreamTables() {
		this.template.dropIfExists(IDS);
	}

	@Test
	void awaitPopulatedWaitsForTheScheduler() {
		this.template.create(ids().initialize(false).build());
		StreamTableInfo info = this.template.awaitPopulated(IDS, SCHEDULER_TIMEOUT);
		assertThat(info.populated()).isTrue();
		assertThat(new JdbcTemplate(this.dataSource).queryForObject("SELECT count(*) FROM public.ids", Integer.class))
			.isEqualTo(2);
	}

	@Test
	void awaitStatusWaitsForTheStatus() {
		this.template.create(ids().initialize(false).build());
		assertThat(this.template.awaitStatus(IDS, StreamTableStatus.ACTIVE, SCHEDULER_TIMEOUT).status())
			.isEqualTo(StreamTableStatus.ACTIVE);
	}

	@Test
	void awaitStatusSeesAChangeMadeByAnotherThread() throws Exception {
		this.template.create(ids().build());
		CompletableFuture<Void> suspension = CompletableFuture.runAsync(() -> {
			sleep(300);
			this.template.suspend(IDS);
		});
		assertThat(this.template.awaitStatus(IDS, StreamTableStatus.SUSPENDED, Duration.ofSeconds(10)).status())
			.isEqualTo(StreamTableStatus.SUSPENDED);
		suspension.get(10, TimeUnit.SECONDS);
	}

	@Test
	void awaitFreshReturnsAtOnceAfterARefresh() {
		this.template.create(ids().build());
		this.template.refresh(IDS).orThrow();
		long start = System.nanoTime();
		StreamTableInfo info = this.template.awaitFresh(IDS, Duration.ofMinutes(1), Duration.ofSeconds(5));
		assertThat(info.lastRefreshAt()).isNotNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void awaitFreshWaitsForPopulation() {
		this.template.create(ids().initialize(false).build());
		assertThat(this.template.awaitFresh(IDS, Duration.ofMinutes(1), SCHEDULER_TIMEOUT).populated()).isTrue();
	}

	@Test
	void awaitFreshTimesOutSayingWhatItLastSaw() {
		this.template.create(ids().build());
		long start = System.nanoTime();
		assertThatExceptionOfType(StreamTableAwaitTimeoutException.class)
			.isThrownBy(() -> this.template.awaitFresh(IDS, Duration.ZERO, Duration.ofMillis(300)))
			.withMessageContaining("public.ids did not become fresh")
			.withMessageContaining("within PT0.3S")
			.withMessageContaining("last seen: status ACTIVE, populated, last refresh PT")
			.satisfies((ex) -> assertThat(ex.getStreamTable()).isEqualTo(IDS));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300))
			.isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void awaitOfMissingStreamTableTimesOutSayingItDoesNotExist() {
		assertThatExceptionOfType(StreamTableAwaitTimeoutException.class)
			.isThrownBy(() -> this.template.awaitPopulated(StreamTableName.of("public.missing"), Duration.ofMillis(50)))
			.withMessageContaining("the stream table does not exist");
	}

	@Test
	void awaitFreshOfSuspendedStreamTableFailsAtOnce() {
		this.template.create(ids().build());
		this.template.suspend(IDS);
		assertThatExceptionOfType(StreamTableSuspendedException.class)
			.isThrownBy(() -> this.template.awaitFresh(IDS, Duration.ZERO, Duration.ofMinutes(1)))
			.withMessageContaining("public.ids is SUSPENDED")
			.withMessageContaining("resume");
	}

	@Test
	void awaitInsideRepeatableReadTransactionIsRejected() {
		this.template.create(ids().build());
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		transaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> transaction.executeWithoutResult(
					(status) -> this.template.awaitPopulated(IDS, Duration.ofSeconds(1))))
			.withMessageContaining("REPEATABLE READ");
	}

	@Test
	void awaitInsideReadCommittedTransactionWorks() {
		this.template.create(ids().build());
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		StreamTableInfo info = transaction
			.execute((status) -> this.template.awaitStatus(IDS, StreamTableStatus.ACTIVE, Duration.ofSeconds(1)));
		assertThat(info.status()).isEqualTo(StreamTableStatus.ACTIVE);
	}

	private static StreamTableDefinition.Builder ids() {
		return StreamTableDefinition.builder(IDS, "SELECT id FROM orders").schedule(Schedule.parse("1h"));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
