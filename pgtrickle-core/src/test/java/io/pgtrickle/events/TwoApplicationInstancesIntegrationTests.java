package io.pgtrickle.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances on one database, each an application context with its own
 * {@link PgTrickleAlertListener}: both receive every event, and each listener stops with its
 * context.
 */
@PgTrickleTest
class TwoApplicationInstancesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String STREAM_TABLE = "public.shared_totals";

	private static final String LAST = "{\"event\":\"resumed\",\"st\":\"" + STREAM_TABLE + "\",\"previous_status\":\"LAST\"}";

	@Test
	void bothInstancesReceiveEveryEventAndStopWithTheirContext(PgTrickleDatabase database) throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		try (AnnotationConfigApplicationContext first = instance(database, "instance-one");
				AnnotationConfigApplicationContext second = instance(database, "instance-two")) {
			awaitListening(first);
			awaitListening(second);
			jdbc.execute("CREATE TABLE public.shared_orders (id int PRIMARY KEY, amount int)");
			jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1s', "
					+ "refresh_mode => 'FULL', cdc_mode => 'trigger')", STREAM_TABLE,
					"SELECT id, amount FROM public.shared_orders");
			jdbc.update("INSERT INTO public.shared_orders VALUES (1, 10), (2, 20)");
			awaitRefresh(first);
			for (int i = 0; i < 5; i++) {
				jdbc.queryForList("SELECT pg_notify('pg_trickle_alert', ?)", "{\"event\":\"stale_data\",\"st\":\""
						+ STREAM_TABLE + "\",\"staleness_seconds\":" + i + ".5,\"schedule_seconds\":1.0,\"ratio\":2.0}");
			}
			jdbc.queryForList("SELECT pg_notify('pgtrickle_alert', ?)", "{\"event\":\"fuse_blown\",\"stream_table\":\""
					+ STREAM_TABLE + "\",\"pending\":2,\"ceiling\":1}");
			jdbc.queryForList("SELECT pg_notify('pg_trickle_alert', ?)", LAST);
			List<String> seenByFirst = payloadsUntilLast(first);
			List<String> seenBySecond = payloadsUntilLast(second);
			assertThat(seenByFirst).hasSizeGreaterThanOrEqualTo(8).isEqualTo(seenBySecond);
			assertThat(seenByFirst).anyMatch((payload) -> payload.contains("refresh_completed"));
			PgTrickleAlertListener firstListener = first.getBean(PgTrickleAlertListener.class);
			PgTrickleAlertListener secondListener = second.getBean(PgTrickleAlertListener.class);
			first.close();
			second.close();
			assertThat(firstListener.isRunning()).isFalse();
			assertThat(secondListener.isRunning()).isFalse();
		}
	}

	private static AnnotationConfigApplicationContext instance(PgTrickleDatabase database, String name) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(ListenerConnectionFactory.class,
				() -> ListenerConnectionFactory.of(database.jdbcUrl(), database.username(), database.password()));
		context.register(Instance.class);
		context.setDisplayName(name);
		context.refresh();
		return context;
	}

	private static void awaitListening(AnnotationConfigApplicationContext context) throws InterruptedException {
		PgTrickleAlertListener listener = context.getBean(PgTrickleAlertListener.class);
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!listener.isListening()) {
			assertThat(System.nanoTime()).as("listener did not connect").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private static void awaitRefresh(AnnotationConfigApplicationContext context) throws InterruptedException {
		Collector collector = context.getBean(Collector.class);
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (collector.events.stream().noneMatch(StreamTableRefreshedEvent.class::isInstance)) {
			assertThat(System.nanoTime()).as("no refresh seen").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private static List<String> payloadsUntilLast(AnnotationConfigApplicationContext context)
			throws InterruptedException {
		Collector collector = context.getBean(Collector.class);
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			List<String> payloads = collector.events.stream().map((event) -> event.getAlert().getPayload()).toList();
			int last = payloads.indexOf(LAST);
			if (last >= 0) {
				return payloads.subList(0, last + 1);
			}
			assertThat(System.nanoTime()).as("last notification not seen").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Instance {

		@Bean
		PgTrickleAlertListener pgTrickleAlertListener(ListenerConnectionFactory connectionFactory,
				ApplicationEventPublisher eventPublisher) {
			return new PgTrickleAlertListener(connectionFactory, eventPublisher);
		}

		@Bean
		Collector collector() {
			return new Collector();
		}

	}

	static class Collector {

		final List<PgTrickleEvent> events = new CopyOnWriteArrayList<>();

		@EventListener(condition = "#event.streamTable == 'public.shared_totals'")
		void on(PgTrickleEvent event) {
			this.events.add(event);
		}

	}

}
