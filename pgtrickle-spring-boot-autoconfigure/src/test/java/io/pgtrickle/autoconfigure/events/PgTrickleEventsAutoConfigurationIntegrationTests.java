package io.pgtrickle.autoconfigure.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.autoconfigure.testsupport.JdbcUrls;
import io.pgtrickle.autoconfigure.testsupport.TcpProxy;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.events.AlertListenerDisconnectedEvent;
import io.pgtrickle.events.PgTrickleAlertListener;
import io.pgtrickle.events.PgTrickleEvent;
import io.pgtrickle.events.StreamTableRefreshedEvent;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link PgTrickleEventsAutoConfiguration} in a Spring Boot application with a
 * connection pool (and only the auto-configurations it needs, to start fast), on a database with
 * pg_trickle.
 */
@PgTrickleTest
class PgTrickleEventsAutoConfigurationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final AtomicInteger counter = new AtomicInteger();

	private final PgTrickleDatabase database;

	private final JdbcTemplate jdbc;

	PgTrickleEventsAutoConfigurationIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
		this.jdbc = new JdbcTemplate(database.dataSource());
	}

	@Test
	void schedulerRefreshReachesEventListenersAndEvictsTheMappedCache() throws Exception {
		String name = "public.scheduled_" + counter.incrementAndGet();
		try (ConfigurableApplicationContext context = run(this.database.jdbcUrl(),
				"pgtrickle.events.cache-evictions[" + name + "]=totals")) {
			awaitListening(context);
			String source = createStreamTable(name, "1s");
			Cache cache = context.getBean(CacheManager.class).getCache("totals");
			cache.put("key", "stale");
			this.jdbc.update("INSERT INTO " + source + " VALUES (2, 20)");
			Recorder recorder = context.getBean(Recorder.class);
			await(() -> recorder.refreshedOf(name).stream()
				.anyMatch((event) -> event.getOrigin() == StreamTableRefreshedEvent.Origin.SCHEDULER));
			assertThat(cache.get("key")).isNull();
		}
	}

	@Test
	void templateRefreshIsPublishedAfterCommitAndEvictsTheMappedCache() throws Exception {
		String name = "public.manual_" + counter.incrementAndGet();
		try (ConfigurableApplicationContext context = run(this.database.jdbcUrl(),
				"pgtrickle.events.cache-evictions[" + name + "]=totals")) {
			createStreamTable(name, "1h");
			Cache cache = context.getBean(CacheManager.class).getCache("totals");
			cache.put("key", "stale");
			Recorder recorder = context.getBean(Recorder.class);
			PgTrickleTemplate template = context.getBean(PgTrickleTemplate.class);
			new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult((status) -> {
				template.refresh(StreamTableName.of(name)).orThrow();
				assertThat(recorder.refreshedOf(name)).isEmpty();
				assertThat(cache.get("key")).isNotNull();
			});
			assertThat(recorder.refreshedOf(name)).singleElement()
				.satisfies((event) -> assertThat(event.getOrigin()).isEqualTo(StreamTableRefreshedEvent.Origin.TEMPLATE));
			assertThat(cache.get("key")).isNull();
		}
	}

	@Test
	void templateWaitsOnTheListener() throws Exception {
		try (ConfigurableApplicationContext context = run(this.database.jdbcUrl())) {
			assertThat(context.getBean(PgTrickleTemplate.class)).hasFieldOrPropertyWithValue("streamTableSignals",
					context.getBean(PgTrickleAlertListener.class));
		}
	}

	@Test
	void listenerUsesItsOwnUrlAndStopsWithTheApplication() throws Exception {
		String applicationName = "events-it-" + counter.incrementAndGet();
		try (TcpProxy proxy = TcpProxy.start(JdbcUrls.hostAndPort(this.database.jdbcUrl()).getHost(),
				JdbcUrls.hostAndPort(this.database.jdbcUrl()).getPort(), TIMEOUT)) {
			String listenerUrl = JdbcUrls.withHostAndPort(this.database.jdbcUrl(), "127.0.0.1", proxy.port());
			ConfigurableApplicationContext context = run(this.database.jdbcUrl(),
					"pgtrickle.events.listener.url=" + listenerUrl,
					"pgtrickle.events.listener.application-name=" + applicationName,
					"pgtrickle.events.listener.reconnect.initial-delay=10s");
			PgTrickleAlertListener listener = context.getBean(PgTrickleAlertListener.class);
			try {
				awaitListening(context);
				assertThat(listenerBackends(applicationName)).isOne();
				proxy.cut();
				Recorder recorder = context.getBean(Recorder.class);
				await(() -> !recorder.disconnections.isEmpty());
				assertThat(listener.isListening()).isFalse();
				assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class)).isOne();
			}
			finally {
				context.close();
			}
			assertThat(listener.isRunning()).isFalse();
		}
	}

	@Test
	void listenerConnectionIsClosedWhenTheApplicationStops() throws Exception {
		String applicationName = "events-it-" + counter.incrementAndGet();
		ConfigurableApplicationContext context = run(this.database.jdbcUrl(),
				"pgtrickle.events.listener.application-name=" + applicationName);
		awaitListening(context);
		assertThat(listenerBackends(applicationName)).isOne();
		context.close();
		await(() -> listenerBackends(applicationName) == 0);
	}

	private ConfigurableApplicationContext run(String jdbcUrl, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.web-application-type=none",
				"spring.main.banner-mode=off", "spring.jmx.enabled=false", "spring.datasource.url=" + jdbcUrl,
				"spring.datasource.username=" + this.database.username(),
				"spring.datasource.password=" + this.database.password(),
				"spring.datasource.hikari.maximum-pool-size=2"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(EventsApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
	}

	private String createStreamTable(String name, String schedule) {
		String source = name + "_source";
		this.jdbc.execute("CREATE TABLE " + source + " (id int PRIMARY KEY, v int)");
		this.jdbc.update("INSERT INTO " + source + " VALUES (1, 10)");
		this.jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => ?, "
				+ "refresh_mode => 'FULL', cdc_mode => 'trigger')", name, "SELECT id, v FROM " + source, schedule);
		return source;
	}

	private int listenerBackends(String applicationName) {
		Integer count = this.jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
				Integer.class, applicationName);
		return (count != null) ? count : 0;
	}

	private static void awaitListening(ConfigurableApplicationContext context) throws InterruptedException {
		PgTrickleAlertListener listener = context.getBean(PgTrickleAlertListener.class);
		await(listener::isListening);
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within " + TIMEOUT).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, PgTrickleAutoConfiguration.class,
			PgTrickleEventsAutoConfiguration.class })
	@EnableCaching
	static class EventsApplication {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager("totals");
		}

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final List<PgTrickleEvent> events = new CopyOnWriteArrayList<>();

		final List<AlertListenerDisconnectedEvent> disconnections = new CopyOnWriteArrayList<>();

		@EventListener
		void on(PgTrickleEvent event) {
			this.events.add(event);
		}

		@EventListener
		void on(AlertListenerDisconnectedEvent event) {
			this.disconnections.add(event);
		}

		List<StreamTableRefreshedEvent> refreshedOf(String streamTable) {
			return this.events.stream()
				.filter(StreamTableRefreshedEvent.class::isInstance)
				.map(StreamTableRefreshedEvent.class::cast)
				.filter((event) -> event.getStreamTable().equals(streamTable))
				.toList();
		}

	}

}
