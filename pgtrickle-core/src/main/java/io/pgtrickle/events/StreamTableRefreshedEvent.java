package io.pgtrickle.events;

import java.io.Serial;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A stream table was refreshed and its new contents are visible to every session: pg_trickle's
 * scheduler announced {@code refresh_completed}, or a refresh through {@code PgTrickleTemplate}
 * committed. Evict what was derived from the stream table's old contents here.
 * <p>
 * pg_trickle announces every scheduled refresh, including those that found nothing to do (one per
 * interval while the sources are idle); {@link PgTrickleAlertListener} drops those by default, so
 * an event normally means the contents may have changed. Refreshes made outside the scheduler and
 * outside this application's template, and the maintenance of {@code IMMEDIATE} stream tables,
 * produce no event.
 */
public class StreamTableRefreshedEvent extends StreamTableEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private static final String NO_DATA = "NO_DATA";

	private final Origin origin;

	private final @Nullable String action;

	private final @Nullable Long rowsInserted;

	private final @Nullable Long rowsDeleted;

	private final @Nullable Duration duration;

	/**
	 * Create an event for a refresh this application made through {@code PgTrickleTemplate}, once
	 * it committed.
	 * @param source the template
	 * @param streamTable the schema-qualified stream table
	 */
	public StreamTableRefreshedEvent(Object source, String streamTable) {
		super(source, streamTable, null);
		this.origin = Origin.TEMPLATE;
		this.action = null;
		this.rowsInserted = null;
		this.rowsDeleted = null;
		this.duration = null;
	}

	/**
	 * Create an event for pg_trickle's {@code refresh_completed} alert.
	 * @param source the listener that received the alert
	 * @param streamTable the schema-qualified stream table
	 * @param alert the alert
	 */
	public StreamTableRefreshedEvent(Object source, String streamTable, PgTrickleAlert alert) {
		super(source, streamTable, alert);
		this.origin = Origin.SCHEDULER;
		this.action = alert.getString("action");
		this.rowsInserted = alert.getLong("rows_inserted");
		this.rowsDeleted = alert.getLong("rows_deleted");
		Long durationMillis = alert.getLong("duration_ms");
		this.duration = (durationMillis != null) ? Duration.ofMillis(durationMillis) : null;
	}

	/**
	 * Return who made the refresh.
	 * @return {@link Origin#SCHEDULER} or {@link Origin#TEMPLATE}
	 */
	public Origin getOrigin() {
		return this.origin;
	}

	/**
	 * Return how pg_trickle refreshed: {@code NO_DATA} (nothing to do), {@code FULL},
	 * {@code DIFFERENTIAL} or {@code REINITIALIZE}; newer versions may report other values.
	 * @return the action, or {@code null} for a refresh through the template
	 */
	public @Nullable String getAction() {
		return this.action;
	}

	/**
	 * Return the number of rows the refresh inserted into the stream table.
	 * @return the number of rows, or {@code null} if unknown (a refresh through the template)
	 */
	public @Nullable Long getRowsInserted() {
		return this.rowsInserted;
	}

	/**
	 * Return the number of rows the refresh deleted from the stream table.
	 * @return the number of rows, or {@code null} if unknown (a refresh through the template)
	 */
	public @Nullable Long getRowsDeleted() {
		return this.rowsDeleted;
	}

	/**
	 * Return how long the refresh took on the server.
	 * @return the duration, or {@code null} if unknown (a refresh through the template)
	 */
	public @Nullable Duration getDuration() {
		return this.duration;
	}

	/**
	 * Return whether the refresh may have changed the stream table's contents: {@code false} only
	 * when pg_trickle reported that it changed nothing (action {@code NO_DATA}, or no row inserted
	 * and none deleted).
	 * @return {@code true} unless the refresh is known to have changed no rows
	 */
	public boolean hasChanges() {
		if (NO_DATA.equals(this.action)) {
			return false;
		}
		return this.rowsInserted == null || this.rowsDeleted == null || this.rowsInserted + this.rowsDeleted > 0;
	}

	@Override
	String describe() {
		if (this.origin == Origin.TEMPLATE) {
			return ", through the template";
		}
		return ", " + this.action + ", " + this.rowsInserted + " inserted, " + this.rowsDeleted + " deleted"
				+ ((this.duration != null) ? ", " + this.duration.toMillis() + " ms" : "");
	}

	/**
	 * Who made a refresh.
	 */
	public enum Origin {

		/**
		 * pg_trickle's scheduler, announced by a {@code refresh_completed} alert.
		 */
		SCHEDULER,

		/**
		 * This application, through {@code PgTrickleTemplate}; published after the transaction of the
		 * refresh committed.
		 */
		TEMPLATE

	}

}
