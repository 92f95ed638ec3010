package io.pgtrickle.events;

/**
 * Turns pg_trickle's alerts into application events: a dedicated type for the events applications
 * act on, {@link PgTrickleAlertEvent} for everything else, including an alert whose payload lacks
 * the event name or the stream table.
 */
final class AlertEvents {

	private AlertEvents() {
	}

	static PgTrickleEvent create(Object source, PgTrickleAlert alert) {
		String event = alert.getEvent();
		String streamTable = alert.getStreamTable();
		if (event == null || streamTable == null || streamTable.isEmpty()) {
			return new PgTrickleAlertEvent(source, alert);
		}
		return switch (event) {
			case "refresh_completed" -> new StreamTableRefreshedEvent(source, streamTable, alert);
			case "refresh_failed" -> new StreamTableRefreshFailedEvent(source, streamTable, alert);
			case "auto_suspended" -> new StreamTableSuspendedEvent(source, streamTable, alert);
			case "resumed" -> new StreamTableResumedEvent(source, streamTable, alert);
			case "stale_data" -> new StreamTableStaleEvent(source, streamTable, alert);
			case "reinitialize_needed" -> new StreamTableReinitializeNeededEvent(source, streamTable, alert);
			case "fuse_blown", StreamTableFuseBlownEvent.REMINDER -> new StreamTableFuseBlownEvent(source, streamTable, alert);
			default -> new PgTrickleAlertEvent(source, alert);
		};
	}

}
