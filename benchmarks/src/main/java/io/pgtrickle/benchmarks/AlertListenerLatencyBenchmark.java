package io.pgtrickle.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.pgtrickle.events.ListenerConnectionFactory;
import io.pgtrickle.events.PgTrickleAlertListener;
import io.pgtrickle.events.StreamTableRefreshedEvent;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * Latency from the commit of a stream table's refresh to the application hearing of it: through
 * {@link PgTrickleAlertListener} and an {@code @EventListener}, against polling the catalog every
 * second. Each operation commits a transaction that refreshed the stream table and announced it on
 * {@code pg_trickle_alert} with the payload pg_trickle's scheduler sends, and returns when the
 * application saw it; the measured time starts before the commit, so it includes the commit's round
 * trip. Run with {@code Mode.SampleTime}, which reports p50 and p99. Target: listener p99 at most
 * 50 ms on the embedded backend.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AlertListenerLatencyBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dpgtrickle.test.backend=embedded")
public class AlertListenerLatencyBenchmark {

	static final String STREAM_TABLE = "public.latency_totals";

	/**
	 * Commit a refresh and wait until an {@code @EventListener} received its
	 * {@link StreamTableRefreshedEvent}.
	 * @param state the database and the application context
	 * @return the nanosecond time at which the listener received the event
	 * @throws Exception on failure
	 */
	@Benchmark
	@Warmup(iterations = 2, time = 5)
	@Measurement(iterations = 5, time = 10)
	public long listener(ListenerState state) throws Exception {
		state.connection.commit();
		if (!state.received.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The @EventListener did not hear of the refresh within 10 s");
		}
		return state.receivedAt;
	}

	/**
	 * Commit a refresh and wait until a poller that reads the stream table's
	 * {@code last_refresh_at} once a second saw it change. The commit happens at a random moment
	 * of the poller's second.
	 * @param state the database and the poller
	 * @return the nanosecond time at which the poller saw the refresh
	 * @throws Exception on failure
	 */
	@Benchmark
	@Warmup(iterations = 1, time = 5)
	@Measurement(iterations = 3, time = 30)
	public long polling(PollingState state) throws Exception {
		state.connection.commit();
		if (!state.seen.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The poller did not see the refresh within 10 s");
		}
		return state.seenAt;
	}

	/**
	 * A database with a stream table, and a connection that prepares each operation's transaction.
	 */
	public abstract static class RefreshingState {

		PgTrickleDatabase database;

		Connection connection;

		void createStreamTable() throws Exception {
			this.database = PgTrickleDatabases.create("latency");
			this.connection = this.database.dataSource().getConnection();
			try (Statement statement = this.connection.createStatement()) {
				statement.execute("CREATE TABLE public.latency_source (id int PRIMARY KEY, v bigint NOT NULL)");
				statement.execute("INSERT INTO public.latency_source SELECT g, 0 FROM generate_series(1, 10) g");
			}
			try (PreparedStatement create = this.connection.prepareStatement("SELECT pgtrickle.create_stream_table("
					+ "name => ?, query => 'SELECT id, v FROM public.latency_source', schedule => '1h', "
					+ "refresh_mode => 'FULL', cdc_mode => 'trigger')")) {
				create.setString(1, STREAM_TABLE);
				create.execute();
			}
			this.connection.setAutoCommit(false);
		}

		/**
		 * Write, refresh and announce the refresh as pg_trickle's scheduler does, without
		 * committing.
		 */
		void prepareRefresh() throws SQLException {
			try (Statement statement = this.connection.createStatement();
					PreparedStatement refresh = this.connection
						.prepareStatement("SELECT pgtrickle.refresh_stream_table(name => ?)");
					PreparedStatement notify = this.connection.prepareStatement("SELECT pg_notify('pg_trickle_alert', ?)")) {
				statement.execute("UPDATE public.latency_source SET v = v + 1 WHERE id = 1");
				refresh.setString(1, STREAM_TABLE);
				refresh.execute();
				notify.setString(1, "{\"action\":\"FULL\",\"duration_ms\":1,\"event\":\"refresh_completed\","
						+ "\"pgt_name\":\"latency_totals\",\"pgt_schema\":\"public\",\"rows_deleted\":10,"
						+ "\"rows_inserted\":10,\"st\":\"" + STREAM_TABLE + "\"}");
				notify.execute();
			}
		}

		void close() throws Exception {
			this.connection.rollback();
			this.connection.close();
			this.database.close();
		}

	}

	/**
	 * An application context with a {@link PgTrickleAlertListener} and an {@code @EventListener}.
	 */
	@State(Scope.Benchmark)
	public static class ListenerState extends RefreshingState {

		AnnotationConfigApplicationContext context;

		volatile CountDownLatch received;

		volatile long receivedAt;

		@Setup(Level.Trial)
		public void start() throws Exception {
			createStreamTable();
			this.context = new AnnotationConfigApplicationContext();
			this.context.registerBean(PgTrickleAlertListener.class, () -> new PgTrickleAlertListener(
					ListenerConnectionFactory.of(this.database.jdbcUrl(), this.database.username(),
							this.database.password()), this.context));
			this.context.registerBean(RefreshListener.class, () -> new RefreshListener(this));
			this.context.refresh();
			PgTrickleAlertListener listener = this.context.getBean(PgTrickleAlertListener.class);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!listener.isListening()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The alert listener did not connect");
				}
				Thread.sleep(10);
			}
		}

		@Setup(Level.Invocation)
		public void prepare() throws SQLException {
			this.received = new CountDownLatch(1);
			prepareRefresh();
		}

		@TearDown(Level.Trial)
		public void stop() throws Exception {
			this.context.close();
			close();
		}

		void received() {
			this.receivedAt = System.nanoTime();
			this.received.countDown();
		}

	}

	/**
	 * The application's listener of refreshes.
	 */
	public static class RefreshListener {

		private final ListenerState state;

		RefreshListener(ListenerState state) {
			this.state = state;
		}

		@EventListener(condition = "#event.streamTable == 'public.latency_totals'")
		public void onRefresh(StreamTableRefreshedEvent event) {
			this.state.received();
		}

	}

	/**
	 * A poller that reads the stream table's {@code last_refresh_at} once a second.
	 */
	@State(Scope.Benchmark)
	public static class PollingState extends RefreshingState {

		private ScheduledExecutorService poller;

		private Connection pollingConnection;

		private Timestamp lastSeen;

		volatile CountDownLatch seen;

		volatile long seenAt;

		@Setup(Level.Trial)
		public void start() throws Exception {
			createStreamTable();
			this.pollingConnection = this.database.dataSource().getConnection();
			this.lastSeen = lastRefreshAt();
			this.seen = new CountDownLatch(1);
			this.poller = Executors.newSingleThreadScheduledExecutor();
			this.poller.scheduleAtFixedRate(this::poll, 1, 1, TimeUnit.SECONDS);
		}

		@Setup(Level.Invocation)
		public void prepare() throws Exception {
			this.seen = new CountDownLatch(1);
			prepareRefresh();
			Thread.sleep(ThreadLocalRandom.current().nextLong(1000));
		}

		@TearDown(Level.Trial)
		public void stop() throws Exception {
			this.poller.shutdownNow();
			this.poller.awaitTermination(10, TimeUnit.SECONDS);
			this.pollingConnection.close();
			close();
		}

		private void poll() {
			try {
				Timestamp current = lastRefreshAt();
				if (!Objects.equals(current, this.lastSeen)) {
					this.lastSeen = current;
					this.seenAt = System.nanoTime();
					this.seen.countDown();
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Polling failed", ex);
			}
		}

		private Timestamp lastRefreshAt() throws SQLException {
			try (PreparedStatement statement = this.pollingConnection.prepareStatement(
					"SELECT last_refresh_at FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = ? AND pgt_name = ?")) {
				statement.setString(1, "public");
				statement.setString(2, "latency_totals");
				try (ResultSet rs = statement.executeQuery()) {
					return rs.next() ? rs.getTimestamp(1) : null;
				}
			}
		}

	}

}
