package io.pgtrickle.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code @EventListener} methods filter pg_trickle's events by stream table and by type
 * with the idioms the documentation shows.
 */
class StreamTableEventFilteringTests {

	@Test
	void conditionOnStreamTableSelectsOneStreamTable() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Listeners.class)) {
			context.publishEvent(refreshed("public.order_totals"));
			context.publishEvent(refreshed("public.customers"));
			context.publishEvent(refreshed("sales.order_totals"));
			Listeners listeners = context.getBean(Listeners.class);
			assertThat(listeners.orderTotals).extracting(PgTrickleEvent::getStreamTable)
				.containsExactly("public.order_totals");
		}
	}

	@Test
	void conditionOnSchemaAndOnDetailsCombine() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Listeners.class)) {
			context.publishEvent(refreshed("sales.daily"));
			context.publishEvent(refreshed("public.daily"));
			context.publishEvent(new StreamTableRefreshedEvent(this, "sales.weekly"));
			Listeners listeners = context.getBean(Listeners.class);
			assertThat(listeners.salesBySchedulerWithInserts).extracting(PgTrickleEvent::getStreamTable)
				.containsExactly("sales.daily");
		}
	}

	@Test
	void listenerOfBaseTypeReceivesEveryStreamTableEvent() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Listeners.class)) {
			context.publishEvent(refreshed("public.a"));
			context.publishEvent(alert("{\"event\":\"auto_suspended\",\"st\":\"public.b\",\"consecutive_errors\":3}"));
			context.publishEvent(alert("{\"event\":\"watermark_stuck\",\"group\":\"g\"}"));
			Listeners listeners = context.getBean(Listeners.class);
			assertThat(listeners.streamTableEvents).extracting(PgTrickleEvent::getStreamTable)
				.containsExactly("public.a", "public.b");
			assertThat(listeners.all).hasSize(3);
			assertThat(listeners.suspended).extracting(PgTrickleEvent::getStreamTable).containsExactly("public.b");
		}
	}

	private static PgTrickleEvent refreshed(String streamTable) {
		return alert("{\"event\":\"refresh_completed\",\"st\":\"" + streamTable
				+ "\",\"action\":\"DIFFERENTIAL\",\"rows_inserted\":2,\"rows_deleted\":0,\"duration_ms\":5}");
	}

	private static PgTrickleEvent alert(String payload) {
		return AlertEvents.create(new Object(), PgTrickleAlert.parse(PgTrickleAlert.ALERT_CHANNEL, payload));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<PgTrickleEvent> orderTotals = new CopyOnWriteArrayList<>();

		final List<PgTrickleEvent> salesBySchedulerWithInserts = new CopyOnWriteArrayList<>();

		final List<PgTrickleEvent> streamTableEvents = new CopyOnWriteArrayList<>();

		final List<PgTrickleEvent> suspended = new CopyOnWriteArrayList<>();

		final List<PgTrickleEvent> all = new CopyOnWriteArrayList<>();

		@EventListener(condition = "#event.streamTable == 'public.order_totals'")
		void onOrderTotals(StreamTableRefreshedEvent event) {
			this.orderTotals.add(event);
		}

		@EventListener(condition = "#event.streamTable.startsWith('sales.') and #event.origin.name() == 'SCHEDULER' "
				+ "and #event.rowsInserted > 0")
		void onSales(StreamTableRefreshedEvent event) {
			this.salesBySchedulerWithInserts.add(event);
		}

		@EventListener
		void onStreamTableEvent(StreamTableEvent event) {
			this.streamTableEvents.add(event);
		}

		@EventListener
		void onSuspended(StreamTableSuspendedEvent event) {
			this.suspended.add(event);
		}

		@EventListener
		void onAny(PgTrickleEvent event) {
			this.all.add(event);
		}

	}

}
