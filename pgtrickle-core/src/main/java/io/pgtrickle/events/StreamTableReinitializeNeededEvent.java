package io.pgtrickle.events;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * pg_trickle marked a stream table for reinitialization after a schema change of a source
 * ({@code reinitialize_needed}); its next refresh recomputes it from scratch.
 */
public class StreamTableReinitializeNeededEvent extends StreamTableEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable String reason;

	/**
	 * Create an event for pg_trickle's {@code reinitialize_needed} alert.
	 * @param source the listener that received the alert
	 * @param streamTable the schema-qualified stream table
	 * @param alert the alert
	 */
	public StreamTableReinitializeNeededEvent(Object source, String streamTable, PgTrickleAlert alert) {
		super(source, streamTable, alert);
		this.reason = alert.getString("reason");
	}

	/**
	 * Return why the stream table needs reinitialization.
	 * @return the reason, or {@code null} if the alert did not say
	 */
	public @Nullable String getReason() {
		return this.reason;
	}

	@Override
	String describe() {
		return ": " + this.reason;
	}

}
