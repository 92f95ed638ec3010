package io.pgtrickle.events;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the application events about pg_trickle: those a {@link PgTrickleAlertListener}
 * publishes for pg_trickle's notifications, and the {@link StreamTableRefreshedEvent} that
 * {@code PgTrickleTemplate} publishes for its own refreshes. Listen to this type to receive all of
 * them.
 */
public abstract class PgTrickleEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable PgTrickleAlert alert;

	/**
	 * Create an event.
	 * @param source the object that published the event
	 * @param alert the notification the event was made from, or {@code null}
	 */
	protected PgTrickleEvent(Object source, @Nullable PgTrickleAlert alert) {
		super(source);
		this.alert = alert;
	}

	/**
	 * Return the schema-qualified name of the stream table the event is about, as in
	 * {@code @EventListener(condition = "#event.streamTable == 'public.order_totals'")}.
	 * @return the stream table, such as {@code public.order_totals}, or {@code null} for an event
	 * about no stream table
	 */
	public abstract @Nullable String getStreamTable();

	/**
	 * Return the notification this event was made from, with every member of its payload.
	 * @return the alert, or {@code null} for an event the application made itself (a refresh
	 * through {@code PgTrickleTemplate})
	 */
	public @Nullable PgTrickleAlert getAlert() {
		return this.alert;
	}

}
