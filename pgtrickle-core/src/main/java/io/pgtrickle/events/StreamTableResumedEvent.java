package io.pgtrickle.events;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * A suspended stream table was resumed ({@code resumed}); the scheduler refreshes it again.
 */
public class StreamTableResumedEvent extends StreamTableEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable String previousStatus;

	/**
	 * Create an event for pg_trickle's {@code resumed} alert.
	 * @param source the listener that received the alert
	 * @param streamTable the schema-qualified stream table
	 * @param alert the alert
	 */
	public StreamTableResumedEvent(Object source, String streamTable, PgTrickleAlert alert) {
		super(source, streamTable, alert);
		this.previousStatus = alert.getString("previous_status");
	}

	/**
	 * Return the status before the stream table was resumed.
	 * @return the status, such as {@code SUSPENDED}, or {@code null} if the alert did not say
	 */
	public @Nullable String getPreviousStatus() {
		return this.previousStatus;
	}

	@Override
	String describe() {
		return ", was " + this.previousStatus;
	}

}
