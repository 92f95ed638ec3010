package io.pgtrickle.events;

import java.io.Serial;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A stream table's fuse blew: more changes were pending than its ceiling allows, so pg_trickle
 * stopped refreshing it until the fuse is reset ({@code fuse_blown} on
 * {@value PgTrickleAlert#SCHEDULER_ALERT_CHANNEL}, or on {@value PgTrickleAlert#ALERT_CHANNEL} in
 * newer versions). While the fuse stays blown, pg_trickle repeats a {@code fuse_blown_reminder}
 * about once a minute, published as this event with {@link #isReminder()} {@code true}.
 */
public class StreamTableFuseBlownEvent extends StreamTableEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	static final String REMINDER = "fuse_blown_reminder";

	private final boolean reminder;

	private final @Nullable Long pending;

	private final @Nullable Long ceiling;

	private final @Nullable Duration blownFor;

	private final @Nullable String reason;

	/**
	 * Create an event for pg_trickle's {@code fuse_blown} or {@code fuse_blown_reminder} alert.
	 * @param source the listener that received the alert
	 * @param streamTable the schema-qualified stream table
	 * @param alert the alert
	 */
	public StreamTableFuseBlownEvent(Object source, String streamTable, PgTrickleAlert alert) {
		super(source, streamTable, alert);
		this.reminder = REMINDER.equals(alert.getEvent());
		this.pending = alert.getLong("pending");
		this.ceiling = alert.getLong("ceiling");
		this.blownFor = StreamTableStaleEvent.seconds(alert.getDouble("blown_seconds"));
		this.reason = alert.getString("reason");
	}

	/**
	 * Return whether this is pg_trickle's periodic reminder that the fuse is still blown rather
	 * than the moment it blew.
	 * @return {@code true} for a {@code fuse_blown_reminder}
	 */
	public boolean isReminder() {
		return this.reminder;
	}

	/**
	 * Return the number of pending changes that blew the fuse.
	 * @return the number of changes, or {@code null} if the alert did not say (reminders do not)
	 */
	public @Nullable Long getPending() {
		return this.pending;
	}

	/**
	 * Return the fuse's ceiling.
	 * @return the ceiling, or {@code null} if the alert did not say (reminders do not)
	 */
	public @Nullable Long getCeiling() {
		return this.ceiling;
	}

	/**
	 * Return how long the fuse has been blown.
	 * @return the duration, or {@code null} if the alert did not say (only reminders do)
	 */
	public @Nullable Duration getBlownFor() {
		return this.blownFor;
	}

	/**
	 * Return why the fuse blew.
	 * @return the reason, or {@code null} if the alert did not say (only reminders do)
	 */
	public @Nullable String getReason() {
		return this.reason;
	}

	@Override
	String describe() {
		return this.reminder ? ", still blown after " + this.blownFor + ": " + this.reason
				: ", " + this.pending + " pending changes over a ceiling of " + this.ceiling;
	}

}
