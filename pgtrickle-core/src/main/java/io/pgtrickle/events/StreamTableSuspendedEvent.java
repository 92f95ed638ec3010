package io.pgtrickle.events;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * pg_trickle suspended a stream table after repeated refresh failures ({@code auto_suspended}):
 * the scheduler skips it and its contents age until someone resumes it. Worth an alert.
 */
public class StreamTableSuspendedEvent extends StreamTableEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable Long consecutiveErrors;

	/**
	 * Create an event for pg_trickle's {@code auto_suspended} alert.
	 * @param source the listener that received the alert
	 * @param streamTable the schema-qualified stream table
	 * @param alert the alert
	 */
	public StreamTableSuspendedEvent(Object source, String streamTable, PgTrickleAlert alert) {
		super(source, streamTable, alert);
		this.consecutiveErrors = alert.getLong("consecutive_errors");
	}

	/**
	 * Return how many refreshes failed in a row before the suspension.
	 * @return the number of failures, or {@code null} if the alert did not say
	 */
	public @Nullable Long getConsecutiveErrors() {
		return this.consecutiveErrors;
	}

	@Override
	String describe() {
		return ", after " + this.consecutiveErrors + " consecutive errors";
	}

}
