package io.pgtrickle.events;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableStatus;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for what {@link PgTrickleTemplate} does with events: it publishes a
 * {@link StreamTableRefreshedEvent} for its own refreshes once they commit, and its {@code await*}
 * operations wait on the {@link PgTrickleAlertListener} while it runs and poll otherwise.
 */
@PgTrickleTest
class PgTrickleTemplateEventsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final AtomicInteger counter = new AtomicInteger();

	private final PgTrickleDatabase database;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate template;

	private final RecordedEvents events = new RecordedEvents();

	private final TransactionTemplate transactions;

	private PgTrickleAlertListener listener;

	PgTrickleTemplateEventsIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
		this.dataSource = database.dataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.template = new PgTrickleTemplate(this.dataSource);
		this.template.setApplicationEventPublisher(this.events);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

	@AfterEach
	void stopListener() {
		if (this.listener != null) {
			this.listener.stop();
		}
	}

	@Test
	void refreshInATransactionIsPublishedAfterTheCommit() {
		StreamTableName name = createStreamTable("1h");
		this.transactions.executeWithoutResult((status) -> {
			assertThat(this.template.refresh(name).isRefreshed()).isTrue();
			assertThat(refreshedEvents(name)).isZero();
		});
		assertThat(this.events.all(StreamTableRefreshedEvent.class, (event) -> true)).singleElement()
			.satisfies((event) -> {
				assertThat(event.getStreamTable()).isEqualTo(name.toString());
				assertThat(event.getOrigin()).isEqualTo(StreamTableRefreshedEvent.Origin.TEMPLATE);
				assertThat(event.getSource()).isSameAs(this.template);
				assertThat(event.getAlert()).isNull();
			});
	}

	@Test
	void refreshRolledBackIsNotPublished() {
		StreamTableName name = createStreamTable("1h");
		this.transactions.executeWithoutResult((status) -> {
			this.template.refresh(name);
			status.setRollbackOnly();
		});
		assertThat(refreshedEvents(name)).isZero();
	}

	@Test
	void refreshWithoutATransactionIsPublishedAtOnce() {
		StreamTableName name = createStreamTable("1h");
		this.template.refresh(name);
		assertThat(refreshedEvents(name)).isOne();
	}

	@Test
	void skippedRefreshIsNotPublished() throws Exception {
		StreamTableName name = createStreamTable("1h");
		try (Connection other = this.dataSource.getConnection(); Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			statement.execute("SELECT pgtrickle.refresh_stream_table('" + name + "')");
			RefreshResult result = this.template.refresh(name);
			assertThat(result.isSkipped()).isTrue();
			other.rollback();
		}
		assertThat(refreshedEvents(name)).isZero();
	}

	@Test
	void refreshIfStalePublishesOnlyWhenItRefreshed() {
		StreamTableName name = createStreamTable("1h");
		assertThat(this.template.refreshIfStale(name, Duration.ofHours(1)).outcome())
			.isEqualTo(RefreshResult.Outcome.FRESH);
		assertThat(refreshedEvents(name)).isZero();
		assertThat(this.template.refreshIfStale(name, Duration.ZERO).isRefreshed()).isTrue();
		assertThat(refreshedEvents(name)).isOne();
	}

	@Test
	void awaitWakesUpOnANotification() throws Exception {
		startListener();
		this.template.setStreamTableSignals(this.listener);
		StreamTableName name = createStreamTable("1h");
		AtomicLong committedAt = new AtomicLong();
		CompletableFuture<Void> suspension = CompletableFuture.runAsync(() -> {
			sleep(1400);
			this.transactions.executeWithoutResult((status) -> {
				this.jdbc.queryForList("SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
						name.toString());
				this.jdbc.queryForList("SELECT pg_notify('pg_trickle_alert', ?)",
						"{\"event\":\"auto_suspended\",\"st\":\"" + name + "\",\"consecutive_errors\":3}");
			});
			committedAt.set(System.nanoTime());
		});
		StreamTableInfo info = this.template.awaitStatus(name, StreamTableStatus.SUSPENDED, TIMEOUT);
		long returnedAt = System.nanoTime();
		suspension.get(10, TimeUnit.SECONDS);
		assertThat(info.status()).isEqualTo(StreamTableStatus.SUSPENDED);
		assertThat(Duration.ofNanos(returnedAt - committedAt.get())).isLessThan(Duration.ofMillis(400));
	}

	@Test
	void awaitWakesUpOnARefreshThroughTheTemplate() throws Exception {
		startListener();
		this.template.setStreamTableSignals(this.listener);
		StreamTableName name = createStreamTable("1h");
		sleep(1000);
		AtomicLong refreshedAt = new AtomicLong();
		CompletableFuture<Void> refresh = CompletableFuture.runAsync(() -> {
			sleep(1400);
			this.template.refresh(name);
			refreshedAt.set(System.nanoTime());
		});
		this.template.awaitFresh(name, Duration.ofMillis(500), TIMEOUT);
		long returnedAt = System.nanoTime();
		refresh.get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(returnedAt - refreshedAt.get())).isLessThan(Duration.ofMillis(400));
	}

	@Test
	void awaitPollsWhileTheListenerIsStopped() throws Exception {
		startListener();
		this.template.setStreamTableSignals(this.listener);
		this.listener.stop();
		StreamTableName name = createStreamTable("1h");
		CompletableFuture<Void> suspension = CompletableFuture.runAsync(() -> {
			sleep(300);
			this.jdbc.queryForList("SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
					name.toString());
		});
		StreamTableInfo info = this.template.awaitStatus(name, StreamTableStatus.SUSPENDED, TIMEOUT);
		suspension.get(10, TimeUnit.SECONDS);
		assertThat(info.status()).isEqualTo(StreamTableStatus.SUSPENDED);
	}

	private void startListener() throws InterruptedException {
		this.listener = new PgTrickleAlertListener(ListenerConnectionFactory.of(this.database.jdbcUrl(),
				this.database.username(), this.database.password()), this.events);
		this.listener.start();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!this.listener.isListening()) {
			assertThat(System.nanoTime()).as("listener did not connect").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private long refreshedEvents(StreamTableName name) {
		return this.events.all(StreamTableRefreshedEvent.class, (event) -> event.getStreamTable().equals(name.toString()))
			.size();
	}

	private StreamTableName createStreamTable(String schedule) {
		int id = counter.incrementAndGet();
		String source = "public.template_src_" + id;
		this.jdbc.execute("CREATE TABLE " + source + " (id int PRIMARY KEY, v int)");
		this.jdbc.update("INSERT INTO " + source + " VALUES (1, 10)");
		StreamTableName name = StreamTableName.of("public", "template_st_" + id);
		this.jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => ?, "
				+ "refresh_mode => 'FULL', cdc_mode => 'trigger')", name.toString(), "SELECT id, v FROM " + source,
				schedule);
		return name;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
