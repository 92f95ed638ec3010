package io.pgtrickle.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Listens on pg_trickle's alert channels, {@value PgTrickleAlert#ALERT_CHANNEL} and
 * {@value PgTrickleAlert#SCHEDULER_ALERT_CHANNEL}, and publishes each notification as a
 * {@link PgTrickleEvent}: {@link StreamTableRefreshedEvent}, {@link StreamTableRefreshFailedEvent},
 * {@link StreamTableSuspendedEvent}, {@link StreamTableResumedEvent},
 * {@link StreamTableStaleEvent}, {@link StreamTableReinitializeNeededEvent},
 * {@link StreamTableFuseBlownEvent}, or {@link PgTrickleAlertEvent} for the rest.
 * <p>
 * Create one listener per database and let any number of {@code @EventListener}s consume its
 * events. It owns one connection, opened by its {@link ListenerConnectionFactory} outside any pool,
 * on a thread of its own; it reconnects with capped exponential back-off when the connection fails
 * (the database restarted, say), checks a silent connection every
 * {@linkplain #setKeepaliveInterval keepalive interval}, and stops with the application context.
 * Events are published on the listener's thread, in the order pg_trickle sent them; an exception
 * from an event listener is logged and does not stop the listener. Notifications sent while the
 * listener is disconnected are lost; it publishes {@link AlertListenerDisconnectedEvent} and
 * {@link AlertListenerConnectedEvent} so that applications can tell.
 * <p>
 * pg_trickle announces every scheduled refresh, including those that found nothing to do (once per
 * interval while the sources are idle); such refreshes are dropped unless
 * {@link #setDropZeroRowRefreshes(boolean) setDropZeroRowRefreshes(false)}.
 */
public class PgTrickleAlertListener implements SmartLifecycle, StreamTableSignals {

	/**
	 * The channels the listener listens on.
	 */
	public static final List<String> CHANNELS = List.of(PgTrickleAlert.ALERT_CHANNEL,
			PgTrickleAlert.SCHEDULER_ALERT_CHANNEL);

	/**
	 * The default {@code application_name} of the listener's connection.
	 */
	public static final String DEFAULT_APPLICATION_NAME = "pgtrickle-alert-listener";

	/**
	 * The default phase: started before, and stopped after, a web server and other consumers of
	 * events in the default phase.
	 */
	public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(PgTrickleAlertListener.class);

	/**
	 * How long one wait for notifications lasts before the listener checks whether it should stop
	 * or check its connection.
	 */
	private static final int RECEIVE_TIMEOUT_MILLIS = 250;

	private static final int MAX_VALIDATION_TIMEOUT_SECONDS = 5;

	private static final AtomicInteger threadCount = new AtomicInteger();

	private final ListenerConnectionFactory connectionFactory;

	private final ApplicationEventPublisher eventPublisher;

	private final SignalRegistry signals = new SignalRegistry();

	private final Object monitor = new Object();

	private boolean dropZeroRowRefreshes = true;

	private Duration initialReconnectDelay = Duration.ofMillis(500);

	private Duration maxReconnectDelay = Duration.ofSeconds(30);

	private Duration keepaliveInterval = Duration.ofSeconds(30);

	private String applicationName = DEFAULT_APPLICATION_NAME;

	private ThreadFactory threadFactory = (runnable) -> {
		Thread thread = new Thread(runnable, "pgtrickle-alert-listener-" + threadCount.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	};

	private boolean autoStartup = true;

	private int phase = DEFAULT_PHASE;

	private volatile boolean running;

	private volatile boolean listening;

	private @Nullable Thread thread;

	private final List<Runnable> stopCallbacks = new ArrayList<>();

	/**
	 * Create a listener.
	 * @param connectionFactory opens the connection to listen on
	 * @param eventPublisher publishes the events, usually the application context
	 */
	public PgTrickleAlertListener(ListenerConnectionFactory connectionFactory, ApplicationEventPublisher eventPublisher) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.notNull(eventPublisher, "'eventPublisher' must not be null");
		this.connectionFactory = connectionFactory;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Set whether to drop the refreshes that changed nothing, which pg_trickle announces once per
	 * schedule interval while the sources are idle. Dropped refreshes still wake up waiting
	 * {@code await*} calls. Defaults to {@code true}.
	 * @param dropZeroRowRefreshes whether to drop refreshes that changed no rows
	 */
	public void setDropZeroRowRefreshes(boolean dropZeroRowRefreshes) {
		this.dropZeroRowRefreshes = dropZeroRowRefreshes;
	}

	/**
	 * Set the delay before the first attempt to reconnect; each failed attempt doubles it, up to
	 * {@link #setMaxReconnectDelay the maximum}, with up to a fifth added at random so that many
	 * instances do not reconnect in lockstep. Defaults to 500 ms.
	 * @param initialReconnectDelay the first delay
	 */
	public void setInitialReconnectDelay(Duration initialReconnectDelay) {
		Assert.notNull(initialReconnectDelay, "'initialReconnectDelay' must not be null");
		Assert.isTrue(!initialReconnectDelay.isNegative() && !initialReconnectDelay.isZero(),
				"'initialReconnectDelay' must be positive");
		this.initialReconnectDelay = initialReconnectDelay;
	}

	/**
	 * Set the longest delay between two attempts to reconnect. Defaults to 30 seconds.
	 * @param maxReconnectDelay the longest delay
	 */
	public void setMaxReconnectDelay(Duration maxReconnectDelay) {
		Assert.notNull(maxReconnectDelay, "'maxReconnectDelay' must not be null");
		Assert.isTrue(!maxReconnectDelay.isNegative() && !maxReconnectDelay.isZero(),
				"'maxReconnectDelay' must be positive");
		this.maxReconnectDelay = maxReconnectDelay;
	}

	/**
	 * Set how long the connection may stay silent before the listener checks it with a round trip,
	 * which detects a connection that died without a word (a network failure, say) and keeps
	 * firewalls and {@code idle_session_timeout} from closing it. Defaults to 30 seconds.
	 * @param keepaliveInterval the longest silence
	 */
	public void setKeepaliveInterval(Duration keepaliveInterval) {
		Assert.notNull(keepaliveInterval, "'keepaliveInterval' must not be null");
		Assert.isTrue(!keepaliveInterval.isNegative() && !keepaliveInterval.isZero(),
				"'keepaliveInterval' must be positive");
		this.keepaliveInterval = keepaliveInterval;
	}

	/**
	 * Set the {@code application_name} of the listener's connection, which identifies it in
	 * {@code pg_stat_activity}. Defaults to {@value #DEFAULT_APPLICATION_NAME}.
	 * @param applicationName the application name
	 */
	public void setApplicationName(String applicationName) {
		Assert.hasText(applicationName, "'applicationName' must not be empty");
		this.applicationName = applicationName;
	}

	/**
	 * Set the factory of the listener's thread. By default, a daemon thread named
	 * {@code pgtrickle-alert-listener-<n>}.
	 * @param threadFactory the thread factory
	 */
	public void setThreadFactory(ThreadFactory threadFactory) {
		Assert.notNull(threadFactory, "'threadFactory' must not be null");
		this.threadFactory = threadFactory;
	}

	/**
	 * Set whether the application context starts the listener. Defaults to {@code true}.
	 * @param autoStartup whether to start automatically
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Set the lifecycle phase. Defaults to {@link #DEFAULT_PHASE}.
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Start listening on a thread of the listener's own. Returns at once; the listener connects,
	 * and retries until it can.
	 */
	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			Assert.state(this.thread == null, "The previous listener thread has not finished yet");
			this.running = true;
			Thread listenerThread = this.threadFactory.newThread(this::run);
			this.thread = listenerThread;
			listenerThread.start();
		}
	}

	/**
	 * Stop listening and wait for the listener's thread to close its connection and end.
	 */
	@Override
	public void stop() {
		Thread listenerThread;
		synchronized (this.monitor) {
			listenerThread = this.thread;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			if (!stopped.await(keepaliveTimeoutSeconds() + 10, TimeUnit.SECONDS)) {
				logger.warn("pg_trickle alert listener did not stop in time; its thread ends on its own");
			}
			else if (listenerThread != null && listenerThread != Thread.currentThread()) {
				listenerThread.join(TimeUnit.SECONDS.toMillis(1));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stop listening; the callback runs once the listener's thread closed its connection and ended.
	 * @param callback what to run when stopped
	 */
	@Override
	public void stop(Runnable callback) {
		synchronized (this.monitor) {
			if (this.thread == null) {
				this.running = false;
				callback.run();
				return;
			}
			this.running = false;
			this.stopCallbacks.add(callback);
			this.monitor.notifyAll();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return whether the listener is connected and listening now.
	 * @return {@code true} if notifications are being received
	 */
	public boolean isListening() {
		return this.listening;
	}

	@Override
	public boolean isActive() {
		return this.listening;
	}

	@Override
	public Subscription subscribe(String streamTable, Runnable callback) {
		Assert.notNull(streamTable, "'streamTable' must not be null");
		Assert.notNull(callback, "'callback' must not be null");
		return this.signals.subscribe(streamTable, callback);
	}

	@Override
	public void signal(String streamTable) {
		Assert.notNull(streamTable, "'streamTable' must not be null");
		this.signals.signal(streamTable);
	}

	@Override
	public String toString() {
		return "PgTrickleAlertListener[" + this.connectionFactory + (this.listening ? ", listening" : "") + "]";
	}

	private void run() {
		try {
			listenUntilStopped();
		}
		finally {
			List<Runnable> callbacks;
			synchronized (this.monitor) {
				this.thread = null;
				this.running = false;
				callbacks = new ArrayList<>(this.stopCallbacks);
				this.stopCallbacks.clear();
			}
			logger.debug("pg_trickle alert listener stopped");
			callbacks.forEach(Runnable::run);
		}
	}

	private void listenUntilStopped() {
		long delayNanos = this.initialReconnectDelay.toNanos();
		boolean connectedBefore = false;
		int failedAttempts = 0;
		while (this.running) {
			Connection connection = null;
			try {
				connection = this.connectionFactory.connect();
				PGConnection pgConnection = listen(connection);
				if (connectedBefore) {
					logger.info("pg_trickle alert listener reconnected to " + this.connectionFactory
							+ ((failedAttempts > 1) ? " after " + failedAttempts + " attempts" : ""));
				}
				else {
					logger.debug("pg_trickle alert listener listening on " + CHANNELS + " via " + this.connectionFactory);
				}
				this.listening = true;
				this.signals.signalAll();
				publish(new AlertListenerConnectedEvent(this, connectedBefore));
				connectedBefore = true;
				failedAttempts = 0;
				delayNanos = this.initialReconnectDelay.toNanos();
				receive(connection, pgConnection);
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					logger.debug("pg_trickle alert listener stopped while its connection failed", ex);
					break;
				}
				failedAttempts++;
				disconnected(ex, failedAttempts, delayNanos);
			}
			finally {
				this.listening = false;
				close(connection);
			}
			if (this.running) {
				pause(delayNanos + ThreadLocalRandom.current().nextLong(delayNanos / 5 + 1));
				delayNanos = Math.min(delayNanos * 2, this.maxReconnectDelay.toNanos());
			}
		}
	}

	private PGConnection listen(Connection connection) throws SQLException {
		PGConnection pgConnection = connection.unwrap(PGConnection.class);
		connection.setAutoCommit(true);
		connection.setClientInfo("ApplicationName", this.applicationName);
		try (Statement statement = connection.createStatement()) {
			for (String channel : CHANNELS) {
				statement.execute("LISTEN " + channel);
			}
		}
		return pgConnection;
	}

	private void receive(Connection connection, PGConnection pgConnection) throws SQLException {
		long keepaliveNanos = this.keepaliveInterval.toNanos();
		long lastHeard = System.nanoTime();
		while (this.running) {
			PGNotification[] notifications = pgConnection.getNotifications(RECEIVE_TIMEOUT_MILLIS);
			if (notifications != null && notifications.length > 0) {
				for (PGNotification notification : notifications) {
					try {
						dispatch(notification);
					}
					catch (RuntimeException ex) {
						logger.error("Could not handle a pg_trickle notification on " + notification.getName() + ": "
								+ notification.getParameter(), ex);
					}
				}
				lastHeard = System.nanoTime();
			}
			else if (System.nanoTime() - lastHeard >= keepaliveNanos) {
				if (!connection.isValid(keepaliveTimeoutSeconds())) {
					throw new SQLException("The listener's connection did not answer a check within "
							+ keepaliveTimeoutSeconds() + " s", "08006");
				}
				lastHeard = System.nanoTime();
			}
		}
	}

	private void dispatch(PGNotification notification) {
		String payload = (notification.getParameter() != null) ? notification.getParameter() : "";
		PgTrickleAlert alert = PgTrickleAlert.parse(notification.getName(), payload);
		if (alert.isTruncated() || alert.isMalformed()) {
			logger.warn("pg_trickle sent a " + (alert.isTruncated() ? "truncated" : "malformed")
					+ " alert; publishing what could be read: " + alert);
		}
		PgTrickleEvent event = AlertEvents.create(this, alert);
		if (this.dropZeroRowRefreshes && event instanceof StreamTableRefreshedEvent refreshed && !refreshed.hasChanges()) {
			if (logger.isTraceEnabled()) {
				logger.trace("Dropped a refresh that changed nothing: " + alert);
			}
		}
		else {
			publish(event);
		}
		String streamTable = alert.getStreamTable();
		if (streamTable != null) {
			this.signals.signal(streamTable);
		}
	}

	private void publish(Object event) {
		try {
			this.eventPublisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("A listener of " + event + " failed; the pg_trickle alert listener carries on", ex);
		}
	}

	private void disconnected(Exception ex, int failedAttempts, long delayNanos) {
		String retry = "; retrying in about " + Duration.ofNanos(delayNanos).toMillis() + " ms";
		if (this.listening) {
			logger.warn("pg_trickle alert listener lost its connection to " + this.connectionFactory + retry, ex);
			this.listening = false;
			publish(new AlertListenerDisconnectedEvent(this, ex));
		}
		else if (failedAttempts == 1) {
			logger.warn("pg_trickle alert listener could not listen via " + this.connectionFactory + retry, ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("pg_trickle alert listener could not listen via " + this.connectionFactory + " (attempt "
					+ failedAttempts + ")" + retry, ex);
		}
	}

	private void pause(long nanos) {
		long deadline = System.nanoTime() + nanos;
		synchronized (this.monitor) {
			long remaining = nanos;
			while (this.running && remaining > 0) {
				try {
					TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
					return;
				}
				remaining = deadline - System.nanoTime();
			}
		}
	}

	private void close(@Nullable Connection connection) {
		if (connection == null) {
			return;
		}
		try {
			connection.close();
		}
		catch (SQLException ex) {
			logger.debug("Could not close the pg_trickle alert listener's connection", ex);
		}
	}

	private int keepaliveTimeoutSeconds() {
		long seconds = Math.max(1, this.keepaliveInterval.toSeconds());
		return (int) Math.min(seconds, MAX_VALIDATION_TIMEOUT_SECONDS);
	}

}
