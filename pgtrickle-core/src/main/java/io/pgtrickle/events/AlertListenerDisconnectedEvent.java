package io.pgtrickle.events;

import java.io.Serial;

import org.springframework.context.ApplicationEvent;

/**
 * A {@link PgTrickleAlertListener} lost its connection (the database restarted, or the network
 * failed) and reconnects with back-off; until it is connected again, no notification arrives.
 * Not published when the listener stops.
 */
public class AlertListenerDisconnectedEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Exception cause;

	/**
	 * Create an event.
	 * @param listener the listener
	 * @param cause the failure that ended the connection
	 */
	public AlertListenerDisconnectedEvent(PgTrickleAlertListener listener, Exception cause) {
		super(listener);
		this.cause = cause;
	}

	/**
	 * Return the listener that lost its connection.
	 * @return the listener
	 */
	public PgTrickleAlertListener getListener() {
		return (PgTrickleAlertListener) getSource();
	}

	/**
	 * Return the failure that ended the connection.
	 * @return the failure
	 */
	public Exception getCause() {
		return this.cause;
	}

}
