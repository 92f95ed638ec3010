package io.pgtrickle.events;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the events made from pg_trickle's alerts ({@link AlertEvents}).
 */
class AlertEventsTests {

	private static final Object SOURCE = new Object();

	@Test
	void refreshCompletedIsRefreshedEventWithRowsAndDuration() {
		StreamTableRefreshedEvent event = create("pg_trickle_alert", "{\"action\":\"DIFFERENTIAL\",\"duration_ms\":12,"
				+ "\"event\":\"refresh_completed\",\"pgt_name\":\"order_totals\",\"pgt_schema\":\"public\","
				+ "\"rows_deleted\":1,\"rows_inserted\":3,\"st\":\"public.order_totals\"}", StreamTableRefreshedEvent.class);
		assertThat(event.getSource()).isSameAs(SOURCE);
		assertThat(event.getStreamTable()).isEqualTo("public.order_totals");
		assertThat(event.getOrigin()).isEqualTo(StreamTableRefreshedEvent.Origin.SCHEDULER);
		assertThat(event.getAction()).isEqualTo("DIFFERENTIAL");
		assertThat(event.getRowsInserted()).isEqualTo(3L);
		assertThat(event.getRowsDeleted()).isEqualTo(1L);
		assertThat(event.getDuration()).isEqualTo(Duration.ofMillis(12));
		assertThat(event.hasChanges()).isTrue();
		assertThat(event.getAlert()).isNotNull();
		assertThat(event).hasToString(
				"StreamTableRefreshedEvent[public.order_totals, DIFFERENTIAL, 3 inserted, 1 deleted, 12 ms]");
	}

	@Test
	void noDataRefreshHasNoChanges() {
		StreamTableRefreshedEvent event = create("pg_trickle_alert", refreshCompleted("NO_DATA", 0, 0),
				StreamTableRefreshedEvent.class);
		assertThat(event.hasChanges()).isFalse();
	}

	@Test
	void refreshThatInsertedAndDeletedNothingHasNoChanges() {
		assertThat(create("pg_trickle_alert", refreshCompleted("FULL", 0, 0), StreamTableRefreshedEvent.class)
			.hasChanges()).isFalse();
		assertThat(create("pg_trickle_alert", refreshCompleted("FULL", 0, 2), StreamTableRefreshedEvent.class)
			.hasChanges()).isTrue();
	}

	@Test
	void refreshWithoutRowCountsMayHaveChanges() {
		StreamTableRefreshedEvent event = create("pg_trickle_alert",
				"{\"event\":\"refresh_completed\",\"st\":\"public.t\",\"action\":\"FULL\"}", StreamTableRefreshedEvent.class);
		assertThat(event.getRowsInserted()).isNull();
		assertThat(event.getDuration()).isNull();
		assertThat(event.hasChanges()).isTrue();
	}

	@Test
	void templateRefreshHasUnknownCountsAndMayHaveChanges() {
		StreamTableRefreshedEvent event = new StreamTableRefreshedEvent(SOURCE, "public.order_totals");
		assertThat(event.getOrigin()).isEqualTo(StreamTableRefreshedEvent.Origin.TEMPLATE);
		assertThat(event.getAlert()).isNull();
		assertThat(event.getAction()).isNull();
		assertThat(event.getRowsInserted()).isNull();
		assertThat(event.getRowsDeleted()).isNull();
		assertThat(event.getDuration()).isNull();
		assertThat(event.hasChanges()).isTrue();
		assertThat(event).hasToString("StreamTableRefreshedEvent[public.order_totals, through the template]");
	}

	@Test
	void refreshFailedIsRefreshFailedEvent() {
		StreamTableRefreshFailedEvent event = create("pg_trickle_alert", "{\"action\":\"FULL\",\"error\":\"division by "
				+ "zero\",\"event\":\"refresh_failed\",\"pgt_name\":\"t\",\"pgt_schema\":\"public\",\"st\":\"public.t\"}",
				StreamTableRefreshFailedEvent.class);
		assertThat(event.getStreamTable()).isEqualTo("public.t");
		assertThat(event.getAction()).isEqualTo("FULL");
		assertThat(event.getError()).isEqualTo("division by zero");
	}

	@Test
	void autoSuspendedIsSuspendedEvent() {
		StreamTableSuspendedEvent event = create("pg_trickle_alert", "{\"consecutive_errors\":3,\"event\":"
				+ "\"auto_suspended\",\"pgt_name\":\"t\",\"pgt_schema\":\"public\",\"st\":\"public.t\"}",
				StreamTableSuspendedEvent.class);
		assertThat(event.getConsecutiveErrors()).isEqualTo(3L);
	}

	@Test
	void resumedIsResumedEvent() {
		StreamTableResumedEvent event = create("pg_trickle_alert", "{\"event\":\"resumed\",\"pgt_name\":\"t\","
				+ "\"pgt_schema\":\"public\",\"previous_status\":\"SUSPENDED\",\"st\":\"public.t\"}",
				StreamTableResumedEvent.class);
		assertThat(event.getPreviousStatus()).isEqualTo("SUSPENDED");
	}

	@Test
	void staleDataIsStaleEvent() {
		StreamTableStaleEvent event = create("pg_trickle_alert", "{\"event\":\"stale_data\",\"pgt_name\":\"t\","
				+ "\"pgt_schema\":\"public\",\"ratio\":2.51,\"schedule_seconds\":60.0,\"st\":\"public.t\","
				+ "\"staleness_seconds\":150.5}", StreamTableStaleEvent.class);
		assertThat(event.getStaleness()).isEqualTo(Duration.ofMillis(150_500));
		assertThat(event.getSchedule()).isEqualTo(Duration.ofMinutes(1));
		assertThat(event.getRatio()).isEqualTo(2.51);
	}

	@Test
	void reinitializeNeededIsReinitializeNeededEvent() {
		StreamTableReinitializeNeededEvent event = create("pg_trickle_alert", "{\"event\":\"reinitialize_needed\","
				+ "\"pgt_name\":\"t\",\"pgt_schema\":\"public\",\"reason\":\"column type changed\",\"st\":\"public.t\"}",
				StreamTableReinitializeNeededEvent.class);
		assertThat(event.getReason()).isEqualTo("column type changed");
	}

	@Test
	void fuseBlownOnSchedulerChannelIsFuseBlownEvent() {
		StreamTableFuseBlownEvent event = create("pgtrickle_alert", "{\"event\":\"fuse_blown\",\"stream_table\":"
				+ "\"public.t\",\"pending\":150000,\"ceiling\":100000}", StreamTableFuseBlownEvent.class);
		assertThat(event.getStreamTable()).isEqualTo("public.t");
		assertThat(event.isReminder()).isFalse();
		assertThat(event.getPending()).isEqualTo(150000L);
		assertThat(event.getCeiling()).isEqualTo(100000L);
		assertThat(event.getBlownFor()).isNull();
	}

	@Test
	void fuseBlownReminderIsFuseBlownEvent() {
		StreamTableFuseBlownEvent event = create("pg_trickle_alert", "{\"blown_seconds\":120.0,\"event\":"
				+ "\"fuse_blown_reminder\",\"pgt_name\":\"t\",\"pgt_schema\":\"public\",\"reason\":\"too many changes\","
				+ "\"st\":\"public.t\"}", StreamTableFuseBlownEvent.class);
		assertThat(event.isReminder()).isTrue();
		assertThat(event.getBlownFor()).isEqualTo(Duration.ofMinutes(2));
		assertThat(event.getReason()).isEqualTo("too many changes");
		assertThat(event.getPending()).isNull();
	}

	@Test
	void otherEventsAreAlertEvents() {
		PgTrickleAlertEvent event = create("pg_trickle_alert", "{\"event\":\"no_upstream_changes\",\"idle_seconds\":"
				+ "5.0,\"pgt_name\":\"t\",\"pgt_schema\":\"public\",\"st\":\"public.t\"}", PgTrickleAlertEvent.class);
		assertThat(event.getEventName()).isEqualTo("no_upstream_changes");
		assertThat(event.getStreamTable()).isEqualTo("public.t");
		assertThat(event.getAlert().getDouble("idle_seconds")).isEqualTo(5.0);
	}

	@Test
	void eventsOfNewerVersionsAreAlertEvents() {
		PgTrickleAlertEvent event = create("pgtrickle_alert",
				"{\"event\":\"watermark_stuck\",\"group\":\"g\",\"source_oid\":16400,\"age_secs\":600}",
				PgTrickleAlertEvent.class);
		assertThat(event.getEventName()).isEqualTo("watermark_stuck");
		assertThat(event.getStreamTable()).isNull();
	}

	@Test
	void knownEventWithoutStreamTableIsAlertEvent() {
		PgTrickleAlertEvent event = create("pg_trickle_alert", "{\"event\":\"refresh_completed\",\"action\":\"FULL\"}",
				PgTrickleAlertEvent.class);
		assertThat(event.getEventName()).isEqualTo("refresh_completed");
	}

	@Test
	void truncatedRefreshFailureIsAlertEventWithTheStartOfTheError() {
		String full = "{\"action\":\"FULL\",\"error\":\"" + "e".repeat(9000) + "\",\"event\":\"refresh_failed\","
				+ "\"pgt_name\":\"t\",\"pgt_schema\":\"public\",\"st\":\"public.t\"}";
		PgTrickleAlertEvent event = create("pg_trickle_alert", full.substring(0, 7890) + "...}",
				PgTrickleAlertEvent.class);
		assertThat(event.getEventName()).isNull();
		assertThat(event.getStreamTable()).isNull();
		assertThat(event.getAlert().isTruncated()).isTrue();
		assertThat(event.getAlert().getString("error")).startsWith("eeee");
	}

	private static String refreshCompleted(String action, long inserted, long deleted) {
		return "{\"action\":\"" + action + "\",\"duration_ms\":1,\"event\":\"refresh_completed\",\"pgt_name\":\"t\","
				+ "\"pgt_schema\":\"public\",\"rows_deleted\":" + deleted + ",\"rows_inserted\":" + inserted
				+ ",\"st\":\"public.t\"}";
	}

	private static <E extends PgTrickleEvent> E create(String channel, String payload, Class<E> type) {
		PgTrickleEvent event = AlertEvents.create(SOURCE, PgTrickleAlert.parse(channel, payload));
		assertThat(event).isExactlyInstanceOf(type);
		return type.cast(event);
	}

}
