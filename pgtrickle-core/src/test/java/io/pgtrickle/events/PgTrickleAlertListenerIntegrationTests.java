package io.pgtrickle.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link PgTrickleAlertListener} on a database with pg_trickle: what the
 * scheduler announces arrives as events, odd payloads are published and do not stop the listener,
 * and the listener reconnects after losing its connection and stops cleanly.
 */
@PgTrickleTest
class PgTrickleAlertListenerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final AtomicInteger counter = new AtomicInteger();

	private final PgTrickleDatabase database;

	private final JdbcTemplate jdbc;

	private final List<PgTrickleAlertListener> listeners = new ArrayList<>();

	PgTrickleAlertListenerIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
		this.jdbc = new JdbcTemplate(database.dataSource());
	}

	@AfterEach
	void stopListeners() {
		this.listeners.forEach(PgTrickleAlertListener::stop);
	}

	@Test
	void schedulerRefreshIsPublishedWithRowCounts() throws Exception {
		RecordedEvents events = new RecordedEvents();
		start(events, (listener) -> {
		});
		String source = createSource();
		String streamTable = createStreamTable("SELECT id, v FROM " + source, true);
		this.jdbc.update("INSERT INTO " + source + " VALUES (10, 100), (11, 110)");
		StreamTableRefreshedEvent event = events.await(StreamTableRefreshedEvent.class,
				(candidate) -> candidate.getStreamTable().equals(streamTable), TIMEOUT);
		assertThat(event.getOrigin()).isEqualTo(StreamTableRefreshedEvent.Origin.SCHEDULER);
		assertThat(event.getAction()).isIn("FULL", "DIFFERENTIAL");
		assertThat(event.getRowsInserted()).isPositive();
		assertThat(event.getRowsDeleted()).isNotNull();
		assertThat(event.getDuration()).isNotNull();
		assertThat(event.hasChanges()).isTrue();
		assertThat(event.getAlert().getChannel()).isEqualTo(PgTrickleAlert.ALERT_CHANNEL);
		assertThat(event.getAlert().getFields()).containsKeys("pgt_schema", "pgt_name");
	}

	@Test
	void zeroRowRefreshesAreDroppedUnlessConfiguredButStillSignalled() throws Exception {
		RecordedEvents dropping = new RecordedEvents();
		RecordedEvents keeping = new RecordedEvents();
		PgTrickleAlertListener droppingListener = start(dropping, (listener) -> {
		});
		start(keeping, (listener) -> listener.setDropZeroRowRefreshes(false));
		String streamTable = createStreamTable("SELECT id, v FROM " + createSource(), true);
		AtomicInteger signals = new AtomicInteger();
		try (StreamTableSignals.Subscription subscription = droppingListener.subscribe(streamTable,
				signals::incrementAndGet)) {
			keeping.await(StreamTableRefreshedEvent.class,
					(event) -> event.getStreamTable().equals(streamTable) && "NO_DATA".equals(event.getAction()), TIMEOUT);
			keeping.await(StreamTableRefreshedEvent.class, (event) -> event.getStreamTable().equals(streamTable)
					&& keeping.all(StreamTableRefreshedEvent.class, (e) -> e.getStreamTable().equals(streamTable)).size() >= 2,
					TIMEOUT);
		}
		assertThat(keeping.all(StreamTableRefreshedEvent.class, (event) -> event.getStreamTable().equals(streamTable)))
			.allSatisfy((event) -> assertThat(event.hasChanges()).isFalse());
		assertThat(dropping.all(StreamTableRefreshedEvent.class, (event) -> event.getStreamTable().equals(streamTable)))
			.isEmpty();
		assertThat(signals).hasPositiveValue();
	}

	@Test
	void failuresSuspensionAndResumeArePublished() throws Exception {
		RecordedEvents events = new RecordedEvents();
		start(events, (listener) -> {
		});
		String function = "boom_" + counter.incrementAndGet();
		this.jdbc.execute("CREATE FUNCTION public." + function + "(v int) RETURNS int LANGUAGE plpgsql AS "
				+ "$$ BEGIN RAISE EXCEPTION 'boom for %', v; END $$");
		String streamTable = createStreamTable("SELECT id, public." + function + "(v) AS v FROM " + createSource(), false);
		try {
			StreamTableRefreshFailedEvent failed = events.await(StreamTableRefreshFailedEvent.class,
					(event) -> event.getStreamTable().equals(streamTable), TIMEOUT);
			assertThat(failed.getError()).contains("boom for");
			StreamTableSuspendedEvent suspended = events.await(StreamTableSuspendedEvent.class,
					(event) -> event.getStreamTable().equals(streamTable), TIMEOUT);
			assertThat(suspended.getConsecutiveErrors()).isPositive();
			this.jdbc.queryForList("SELECT pgtrickle.resume_stream_table(name => ?)", streamTable);
			StreamTableResumedEvent resumed = events.await(StreamTableResumedEvent.class,
					(event) -> event.getStreamTable().equals(streamTable), TIMEOUT);
			assertThat(resumed.getPreviousStatus()).isEqualTo("SUSPENDED");
		}
		finally {
			this.jdbc.queryForList("SELECT pgtrickle.drop_stream_table(name => ?)", streamTable);
		}
	}

	@Test
	void truncatedPayloadIsPublishedAndTheListenerCarriesOn() throws Exception {
		RecordedEvents events = new RecordedEvents();
		start(events, (listener) -> {
		});
		String full = "{\"action\":\"FULL\",\"error\":\"" + "x".repeat(9000) + "\",\"event\":\"refresh_failed\","
				+ "\"pgt_name\":\"cut\",\"pgt_schema\":\"public\",\"st\":\"public.cut\"}";
		notify(PgTrickleAlert.ALERT_CHANNEL, full.substring(0, 7890) + "...}");
		notify(PgTrickleAlert.ALERT_CHANNEL, "{\"event\":\"resumed\",\"pgt_name\":\"after_cut\",\"pgt_schema\":\"public\","
				+ "\"previous_status\":\"SUSPENDED\",\"st\":\"public.after_cut\"}");
		events.await(StreamTableResumedEvent.class, (event) -> event.getStreamTable().equals("public.after_cut"), TIMEOUT);
		List<PgTrickleAlertEvent> truncated = events.all(PgTrickleAlertEvent.class,
				(event) -> event.getAlert().isTruncated());
		assertThat(truncated).singleElement().satisfies((event) -> {
			assertThat(event.getEventName()).isNull();
			assertThat(event.getAlert().getString("action")).isEqualTo("FULL");
			assertThat(event.getAlert().getString("error")).startsWith("xxx");
		});
		assertThat(events.all()).filteredOn(PgTrickleEvent.class::isInstance)
			.extracting((event) -> event.getClass().getSimpleName())
			.containsSubsequence("PgTrickleAlertEvent", "StreamTableResumedEvent");
	}

	@Test
	void eventsOfBothChannelsAndUnknownEventsArePublished() throws Exception {
		RecordedEvents events = new RecordedEvents();
		start(events, (listener) -> {
		});
		notify(PgTrickleAlert.SCHEDULER_ALERT_CHANNEL,
				"{\"event\":\"fuse_blown\",\"stream_table\":\"public.fused\",\"pending\":150000,\"ceiling\":100000}");
		notify(PgTrickleAlert.ALERT_CHANNEL, "{\"event\":\"freshness_breach\",\"database_oid\":1,\"pgt_schema\":"
				+ "\"public\",\"pgt_name\":\"late\",\"st\":\"public.late\",\"target_ms\":5000}");
		StreamTableFuseBlownEvent fuse = events.await(StreamTableFuseBlownEvent.class,
				(event) -> event.getStreamTable().equals("public.fused"), TIMEOUT);
		assertThat(fuse.getPending()).isEqualTo(150000L);
		assertThat(fuse.getAlert().getChannel()).isEqualTo(PgTrickleAlert.SCHEDULER_ALERT_CHANNEL);
		PgTrickleAlertEvent breach = events.await(PgTrickleAlertEvent.class,
				(event) -> "freshness_breach".equals(event.getEventName()), TIMEOUT);
		assertThat(breach.getStreamTable()).isEqualTo("public.late");
		assertThat(breach.getAlert().getLong("target_ms")).isEqualTo(5000L);
	}

	@Test
	void failingEventListenerDoesNotStopTheListener() throws Exception {
		RecordedEvents events = new RecordedEvents();
		AtomicInteger calls = new AtomicInteger();
		PgTrickleAlertListener listener = new PgTrickleAlertListener(connectionFactory(), (event) -> {
			if (calls.incrementAndGet() == 2) {
				throw new IllegalStateException("listener failure on purpose");
			}
			events.publishEvent(event);
		});
		start(listener);
		notify(PgTrickleAlert.ALERT_CHANNEL, "{\"event\":\"resumed\",\"st\":\"public.first\"}");
		notify(PgTrickleAlert.ALERT_CHANNEL, "{\"event\":\"resumed\",\"st\":\"public.second\"}");
		events.await(StreamTableResumedEvent.class, (event) -> event.getStreamTable().equals("public.second"), TIMEOUT);
		assertThat(events.all(StreamTableResumedEvent.class, (event) -> true)).extracting(PgTrickleEvent::getStreamTable)
			.containsExactly("public.second");
		assertThat(listener.isListening()).isTrue();
	}

	@Test
	void reconnectsAfterItsBackendIsTerminated() throws Exception {
		RecordedEvents events = new RecordedEvents();
		String applicationName = "listener-" + counter.incrementAndGet();
		start(events, (listener) -> {
			listener.setApplicationName(applicationName);
			listener.setInitialReconnectDelay(Duration.ofMillis(50));
		});
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
				Integer.class, applicationName)).isEqualTo(1);
		this.jdbc.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
				applicationName);
		AlertListenerDisconnectedEvent disconnected = events.await(AlertListenerDisconnectedEvent.class, (event) -> true,
				TIMEOUT);
		assertThat(disconnected.getCause()).isNotNull();
		events.await(AlertListenerConnectedEvent.class, AlertListenerConnectedEvent::isReconnect, TIMEOUT);
		notify(PgTrickleAlert.ALERT_CHANNEL, "{\"event\":\"resumed\",\"st\":\"public.after_restart\"}");
		events.await(StreamTableResumedEvent.class, (event) -> event.getStreamTable().equals("public.after_restart"),
				TIMEOUT);
	}

	@Test
	void reconnectsWithBackOffWhileTheDatabaseIsUnreachable() throws Exception {
		try (TcpProxy proxy = new TcpProxy(this.database.jdbcUrl())) {
			RecordedEvents events = new RecordedEvents();
			List<Long> attempts = new CopyOnWriteArrayList<>();
			ListenerConnectionFactory direct = ListenerConnectionFactory.of(proxy.jdbcUrl(), this.database.username(),
					this.database.password());
			PgTrickleAlertListener listener = new PgTrickleAlertListener(() -> {
				attempts.add(System.nanoTime());
				return direct.connect();
			}, events);
			listener.setInitialReconnectDelay(Duration.ofMillis(100));
			listener.setMaxReconnectDelay(Duration.ofMillis(400));
			start(listener);
			proxy.cut();
			events.await(AlertListenerDisconnectedEvent.class, (event) -> true, TIMEOUT);
			assertThat(listener.isListening()).isFalse();
			long cutAt = System.nanoTime();
			while (attempts.size() < 5 && System.nanoTime() - cutAt < TIMEOUT.toNanos()) {
				Thread.sleep(50);
			}
			assertThat(listener.isListening()).isFalse();
			proxy.restore();
			events.await(AlertListenerConnectedEvent.class, AlertListenerConnectedEvent::isReconnect, TIMEOUT);
			List<Long> failed = attempts.subList(1, 5);
			long firstGap = failed.get(1) - failed.get(0);
			long secondGap = failed.get(2) - failed.get(1);
			assertThat(Duration.ofNanos(firstGap)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
			assertThat(Duration.ofNanos(secondGap)).isGreaterThanOrEqualTo(Duration.ofMillis(390))
				.isLessThan(Duration.ofMillis(400 + 80 + 500));
			notify(PgTrickleAlert.ALERT_CHANNEL, "{\"event\":\"resumed\",\"st\":\"public.after_outage\"}");
			events.await(StreamTableResumedEvent.class, (event) -> event.getStreamTable().equals("public.after_outage"),
					TIMEOUT);
		}
	}

	@Test
	void stopClosesTheConnectionAndEndsTheThread() throws Exception {
		String applicationName = "listener-" + counter.incrementAndGet();
		AtomicReference<Thread> thread = new AtomicReference<>();
		PgTrickleAlertListener listener = new PgTrickleAlertListener(connectionFactory(), new RecordedEvents());
		listener.setApplicationName(applicationName);
		listener.setThreadFactory((runnable) -> {
			Thread created = new Thread(runnable, applicationName);
			thread.set(created);
			return created;
		});
		start(listener);
		listener.stop();
		assertThat(listener.isRunning()).isFalse();
		assertThat(listener.isListening()).isFalse();
		assertThat(thread.get().isAlive()).isFalse();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (this.jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
				Integer.class, applicationName) > 0) {
			assertThat(System.nanoTime()).as("backend of the stopped listener still present").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@Test
	void stopWhileTheDatabaseIsUnreachableReturnsPromptly() {
		PgTrickleAlertListener listener = new PgTrickleAlertListener(ListenerConnectionFactory
			.of("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "nobody", "none"), new RecordedEvents());
		listener.setInitialReconnectDelay(Duration.ofSeconds(30));
		listener.start();
		long start = System.nanoTime();
		listener.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(listener.isRunning()).isFalse();
	}

	@Test
	void restartsAfterStop() throws Exception {
		RecordedEvents events = new RecordedEvents();
		PgTrickleAlertListener listener = start(events, (configured) -> {
		});
		listener.stop();
		start(listener);
		notify(PgTrickleAlert.ALERT_CHANNEL, "{\"event\":\"resumed\",\"st\":\"public.restarted\"}");
		events.await(StreamTableResumedEvent.class, (event) -> event.getStreamTable().equals("public.restarted"),
				TIMEOUT);
		assertThat(events.all(AlertListenerConnectedEvent.class, (event) -> true)).hasSize(2)
			.noneMatch(AlertListenerConnectedEvent::isReconnect);
	}

	private PgTrickleAlertListener start(RecordedEvents events, Consumer<PgTrickleAlertListener> customizer)
			throws InterruptedException {
		PgTrickleAlertListener listener = new PgTrickleAlertListener(connectionFactory(), events);
		customizer.accept(listener);
		start(listener);
		return listener;
	}

	private void start(PgTrickleAlertListener listener) throws InterruptedException {
		this.listeners.add(listener);
		listener.start();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!listener.isListening()) {
			assertThat(System.nanoTime()).as("listener did not connect").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private ListenerConnectionFactory connectionFactory() {
		return ListenerConnectionFactory.of(this.database.jdbcUrl(), this.database.username(), this.database.password());
	}

	private void notify(String channel, String payload) {
		this.jdbc.queryForList("SELECT pg_notify(?, ?)", channel, payload);
	}

	private String createSource() {
		String source = "public.src_" + counter.incrementAndGet();
		this.jdbc.execute("CREATE TABLE " + source + " (id int PRIMARY KEY, v int)");
		this.jdbc.update("INSERT INTO " + source + " VALUES (1, 10), (2, 20)");
		return source;
	}

	private String createStreamTable(String query, boolean initialize) {
		String name = "public.st_" + counter.incrementAndGet();
		this.jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1s', "
				+ "refresh_mode => 'FULL', initialize => ?, cdc_mode => 'trigger')", name, query, initialize);
		return name;
	}

}
