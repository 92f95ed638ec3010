package io.pgtrickle.events;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * Any other notification from pg_trickle: events without a dedicated type (such as
 * {@code no_upstream_changes}, {@code scheduler_falling_behind}, {@code watermark_stuck} or
 * {@code slot_lag_warning}), events a newer pg_trickle introduced, and payloads that could not be
 * read completely, such as one pg_trickle cut before its event name. Everything that was read is in
 * {@link #getAlert()}.
 */
public class PgTrickleAlertEvent extends PgTrickleEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final PgTrickleAlert alert;

	/**
	 * Create an event for a notification.
	 * @param source the listener that received the notification
	 * @param alert the notification
	 */
	public PgTrickleAlertEvent(Object source, PgTrickleAlert alert) {
		super(source, alert);
		this.alert = alert;
	}

	/**
	 * Return pg_trickle's name of the event.
	 * @return the event name, such as {@code no_upstream_changes}, or {@code null} if the payload
	 * has none
	 */
	public @Nullable String getEventName() {
		return this.alert.getEvent();
	}

	@Override
	public @Nullable String getStreamTable() {
		return this.alert.getStreamTable();
	}

	@Override
	public PgTrickleAlert getAlert() {
		return this.alert;
	}

	@Override
	public String toString() {
		return "PgTrickleAlertEvent[" + this.alert + "]";
	}

}
