package io.pgtrickle.autoconfigure.health;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.autoconfigure.testsupport.HttpResponses;
import io.pgtrickle.autoconfigure.testsupport.HttpResponses.Response;
import io.pgtrickle.autoconfigure.testsupport.JdbcUrls;
import io.pgtrickle.autoconfigure.testsupport.PgTrickleTestApplication;
import io.pgtrickle.autoconfigure.testsupport.TcpProxy;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Integration tests of the {@code pgtrickle} health component over real HTTP.
 */
@PgTrickleTest
class PgTrickleHealthIntegrationTests {

	private static final String HEALTH = "/actuator/health/pgtrickle";

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	@AfterEach
	void dropStreamTables(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		for (String name : jdbc.queryForList(
				"SELECT pgt_schema || '.' || pgt_name FROM pgtrickle.pgt_stream_tables", String.class)) {
			jdbc.queryForList("SELECT pgtrickle.drop_stream_table(name => ?)", name);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void reportsUpThenDownWithTheFailingStreamTableWhenItsQueryStartsFailing(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		jdbc.execute("CREATE TABLE public.ratios (id int PRIMARY KEY, d int)");
		jdbc.execute("INSERT INTO public.ratios VALUES (1, 1), (2, 2)");
		jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => 'public.quotients', "
				+ "query => 'SELECT id, 100 / d AS q FROM public.ratios', schedule => '1s', refresh_mode => 'FULL', "
				+ "cdc_mode => 'trigger')");
		try (ConfigurableApplicationContext context = PgTrickleTestApplication.run(database, database.jdbcUrl(),
				"pgtrickle.health.cache.time-to-live=0")) {
			HttpResponses http = PgTrickleTestApplication.http(context);
			Response up = await(http, (response) -> response.status() == 200 && response.body().contains("\"running\""),
					"the health to be UP with the scheduler running");
			assertThat(up.json()).containsEntry("status", "UP");
			assertThat((Map<String, Object>) up.json().get("details")).containsEntry("scheduler", "running")
				.containsEntry("stale", 0)
				.containsEntry("statusCounts", Map.of("ACTIVE", 1));

			// A division by zero is permanent: pg_trickle puts the stream table in ERROR.
			jdbc.update("INSERT INTO public.ratios VALUES (3, 0)");
			Response down = await(http, (response) -> response.status() == 503, "the health to be DOWN");
			assertThat(down.json()).containsEntry("status", "DOWN");
			Map<String, Object> details = (Map<String, Object>) down.json().get("details");
			assertThat(details).containsEntry("statusCounts", Map.of("ERROR", 1));
			Map<String, Object> failing = (Map<String, Object>) ((Map<String, Object>) details.get("streamTables"))
				.get("public.quotients");
			assertThat(failing).containsEntry("status", "ERROR").containsKeys("staleness", "consecutiveErrors");
			assertThat(failing.get("lastError")).asString().contains("division by zero");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void reportsDownWithinTheTimeoutWhenTheDatabaseIsStopped(PgTrickleDatabase database) throws Exception {
		URI server = JdbcUrls.hostAndPort(database.jdbcUrl());
		try (TcpProxy proxy = TcpProxy.start(server.getHost(), server.getPort(), Duration.ofMinutes(5));
				ConfigurableApplicationContext context = PgTrickleTestApplication.run(database,
						JdbcUrls.withHostAndPort(database.jdbcUrl(), "127.0.0.1", proxy.port()),
						"pgtrickle.health.timeout=" + TIMEOUT.toMillis() + "ms",
						"pgtrickle.health.cache.time-to-live=0")) {
			HttpResponses http = PgTrickleTestApplication.http(context);
			await(http, (response) -> response.status() == 200, "the health to be UP");

			proxy.cut();
			for (int i = 0; i < 3; i++) {
				Response down = http.get(HEALTH);
				assertThat(down.status()).isEqualTo(503);
				assertThat(down.json()).containsEntry("status", "DOWN");
				assertThat((Map<String, Object>) down.json().get("details")).containsKey("error");
				assertThat(down.elapsed()).isLessThan(TIMEOUT.plusMillis(1500));
			}
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void reportsDownWithAClearMessageWhenTheExtensionIsNotInstalled(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		String plain = database.databaseName() + "_plain";
		jdbc.execute("CREATE DATABASE " + plain);
		try (ConfigurableApplicationContext context = PgTrickleTestApplication.run(database,
				JdbcUrls.withDatabase(database.jdbcUrl(), plain), "pgtrickle.startup-check.mode=warn")) {
			Response response = PgTrickleTestApplication.http(context).get(HEALTH);
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.json()).containsEntry("status", "DOWN");
			Map<String, Object> details = (Map<String, Object>) response.json().get("details");
			assertThat(details).containsEntry("extension", "not installed");
			assertThat(details.get("error")).asString().contains("CREATE EXTENSION pg_trickle");
		}
		finally {
			jdbc.execute("DROP DATABASE " + plain + " WITH (FORCE)");
		}
	}

	private static Response await(HttpResponses http, Predicate<Response> condition, String description) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		Response last = null;
		while (System.nanoTime() < deadline) {
			last = http.get(HEALTH);
			if (condition.test(last)) {
				return last;
			}
			sleep(Duration.ofMillis(200));
		}
		return fail("Timed out waiting for " + description + "; last response: " + ((last != null)
				? last.status() + " " + last.body() : "none"));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
