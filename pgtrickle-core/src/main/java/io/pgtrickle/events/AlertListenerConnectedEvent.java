package io.pgtrickle.events;

import java.io.Serial;

import org.springframework.context.ApplicationEvent;

/**
 * A {@link PgTrickleAlertListener} connected and listens on pg_trickle's alert channels. After a
 * {@linkplain #isReconnect() reconnection}, notifications sent while it was disconnected are lost:
 * treat everything derived from stream tables as possibly stale ({@link StreamTableCacheEvictor}
 * clears its caches).
 */
public class AlertListenerConnectedEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final boolean reconnect;

	/**
	 * Create an event.
	 * @param listener the listener
	 * @param reconnect whether the listener had been connected before
	 */
	public AlertListenerConnectedEvent(PgTrickleAlertListener listener, boolean reconnect) {
		super(listener);
		this.reconnect = reconnect;
	}

	/**
	 * Return the listener that connected.
	 * @return the listener
	 */
	public PgTrickleAlertListener getListener() {
		return (PgTrickleAlertListener) getSource();
	}

	/**
	 * Return whether the listener connected again after losing its connection, so notifications
	 * may have been missed.
	 * @return {@code true} for a reconnection, {@code false} for the first connection after start
	 */
	public boolean isReconnect() {
		return this.reconnect;
	}

}
