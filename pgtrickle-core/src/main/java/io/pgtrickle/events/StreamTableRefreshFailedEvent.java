package io.pgtrickle.events;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * pg_trickle's scheduler failed to refresh a stream table ({@code refresh_failed}). After
 * repeated failures pg_trickle suspends the stream table ({@link StreamTableSuspendedEvent}).
 * <p>
 * A long error text can make pg_trickle 0.67 cut the payload inside the error, before the event
 * name and the stream table: such a notification arrives as a {@link PgTrickleAlertEvent} whose
 * alert {@linkplain PgTrickleAlert#isTruncated() is truncated}, with the start of the error in its
 * {@code error} field.
 */
public class StreamTableRefreshFailedEvent extends StreamTableEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable String action;

	private final @Nullable String error;

	/**
	 * Create an event for pg_trickle's {@code refresh_failed} alert.
	 * @param source the listener that received the alert
	 * @param streamTable the schema-qualified stream table
	 * @param alert the alert
	 */
	public StreamTableRefreshFailedEvent(Object source, String streamTable, PgTrickleAlert alert) {
		super(source, streamTable, alert);
		this.action = alert.getString("action");
		this.error = alert.getString("error");
	}

	/**
	 * Return how pg_trickle tried to refresh ({@code FULL}, {@code DIFFERENTIAL}, ...).
	 * @return the action, or {@code null} if the alert did not say
	 */
	public @Nullable String getAction() {
		return this.action;
	}

	/**
	 * Return the error.
	 * @return the error text (as far as it arrived when the payload was cut), or {@code null} if
	 * the alert did not say
	 */
	public @Nullable String getError() {
		return this.error;
	}

	@Override
	String describe() {
		return ", " + this.action + ": " + this.error;
	}

}
