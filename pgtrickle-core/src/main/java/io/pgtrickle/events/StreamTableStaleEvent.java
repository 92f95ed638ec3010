package io.pgtrickle.events;

import java.io.Serial;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A stream table's data is older than its schedule allows ({@code stale_data}): for a stream
 * table with a duration schedule, its data is older than twice the schedule while its last refresh
 * is older than three times the schedule; for a {@code calculated} one, it is more than a minute
 * behind its upstream stream tables. pg_trickle checks after each scheduled refresh and whenever a
 * due refresh is skipped.
 */
public class StreamTableStaleEvent extends StreamTableEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable Duration staleness;

	private final @Nullable Duration schedule;

	private final @Nullable Double ratio;

	/**
	 * Create an event for pg_trickle's {@code stale_data} alert.
	 * @param source the listener that received the alert
	 * @param streamTable the schema-qualified stream table
	 * @param alert the alert
	 */
	public StreamTableStaleEvent(Object source, String streamTable, PgTrickleAlert alert) {
		super(source, streamTable, alert);
		this.staleness = seconds(alert.getDouble("staleness_seconds"));
		this.schedule = seconds(alert.getDouble("schedule_seconds"));
		this.ratio = alert.getDouble("ratio");
	}

	/**
	 * Return how old the stream table's data is.
	 * @return the age of the data, or {@code null} if the alert did not say
	 */
	public @Nullable Duration getStaleness() {
		return this.staleness;
	}

	/**
	 * Return the schedule the staleness is measured against.
	 * @return the schedule interval, or {@code null} if the alert did not say
	 */
	public @Nullable Duration getSchedule() {
		return this.schedule;
	}

	/**
	 * Return the staleness divided by the schedule.
	 * @return the ratio, or {@code null} if the alert did not say
	 */
	public @Nullable Double getRatio() {
		return this.ratio;
	}

	@Override
	String describe() {
		return ", " + this.staleness + " old against a schedule of " + this.schedule;
	}

	static @Nullable Duration seconds(@Nullable Double seconds) {
		if (seconds == null || seconds.isNaN() || seconds.isInfinite() || seconds < 0) {
			return null;
		}
		return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
	}

}
