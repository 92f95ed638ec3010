package io.pgtrickle.autoconfigure.metrics;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.autoconfigure.testsupport.JdbcUrls;
import io.pgtrickle.autoconfigure.testsupport.PgTrickleTestApplication;
import io.pgtrickle.autoconfigure.testsupport.TcpProxy;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Integration tests that scrape {@code /actuator/prometheus} of a running application: the
 * monitoring files parse and use only exported metrics, meters follow the stream tables, and a
 * scrape survives the database going away.
 */
@PgTrickleTest
class PgTrickleMetricsScrapeIntegrationTests {

	private static final String PROMETHEUS = "/actuator/prometheus";

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final Path MONITORING = Path.of("..", "monitoring");

	private static final Pattern METRIC = Pattern.compile("\\bpgtrickle_[a-z0-9_]+");

	private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

	private static final String[] PROPERTIES = { "management.endpoints.web.exposure.include=health,prometheus" };

	@AfterEach
	void dropStreamTables(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		for (String name : jdbc.queryForList(
				"SELECT pgt_schema || '.' || pgt_name FROM pgtrickle.pgt_stream_tables", String.class)) {
			jdbc.queryForList("SELECT pgtrickle.drop_stream_table(name => ?)", name);
		}
	}

	@Test
	void everyMetricThatTheAlertRulesAndTheDashboardUseIsExported(PgTrickleDatabase database) throws Exception {
		createStreamTable(database, "public.totals");
		Set<String> used = new TreeSet<>();
		used.addAll(alertRuleMetrics());
		used.addAll(dashboardMetrics());
		assertThat(used).contains("pgtrickle_staleness_seconds", "pgtrickle_consecutive_errors",
				"pgtrickle_refreshes", "pgtrickle_cdc_pending_rows", "pgtrickle_scheduler_running");
		try (ConfigurableApplicationContext context = PgTrickleTestApplication.run(database, database.jdbcUrl(),
				PROPERTIES)) {
			Scraper http = new Scraper(context);
			Response scrape = await(http, (response) -> response.body().contains("stream_table=\"public.totals\""),
					"the per-table meters");
			Map<String, String> exported = exportedFamilies(scrape.body());
			assertThat(exported.keySet()).containsAll(used);
			// Gauges only: the refresh counts come from a pruned history and must not look like counters.
			for (String name : used) {
				assertThat(exported.get(name)).as(name).isEqualTo("gauge");
			}
			assertThat(scrape.body()).contains("pgtrickle_up 1.0")
				.contains("pgtrickle_scheduler_running 1.0")
				.contains("pgtrickle_stream_tables{status=\"ACTIVE\"} 1.0")
				.contains("pgtrickle_populated{stream_table=\"public.totals\"} 1.0")
				.contains("pgtrickle_cdc_pending_rows{source_table=\"orders\"}");
		}
	}

	@Test
	void aScrapeCostsOneSnapshotQueryForAllMeters(PgTrickleDatabase database) throws Exception {
		for (int i = 0; i < 5; i++) {
			createStreamTable(database, "public.counted_" + i);
		}
		try (ConfigurableApplicationContext context = PgTrickleTestApplication.run(database, database.jdbcUrl(),
				PROPERTIES[0], "pgtrickle.health.cache.time-to-live=3s")) {
			Scraper http = new Scraper(context);
			await(http, (response) -> response.body().contains("stream_table=\"public.counted_4\""),
					"the per-table meters");
			Thread.sleep(3200);
			http.scrape();
			double before = snapshotQueries(http.scrape().body());
			Thread.sleep(3200);
			Response scrape = http.scrape();
			assertThat(scrape.body().lines().filter((line) -> line.startsWith("pgtrickle_")).count())
				.isGreaterThan(5 * 11);
			double after = snapshotQueries(http.scrape().body());
			assertThat(after - before).as("snapshot queries of one scrape of %d stream tables", 5).isEqualTo(1);
		}
	}

	private static double snapshotQueries(String scrape) {
		return scrape.lines()
			.filter((line) -> line.startsWith("pgtrickle_operation_seconds_count{")
					&& line.contains("\"statusSnapshot\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	@Test
	void metersFollowCreatedAndDroppedStreamTables(PgTrickleDatabase database) throws Exception {
		createStreamTable(database, "public.first");
		try (ConfigurableApplicationContext context = PgTrickleTestApplication.run(database, database.jdbcUrl(),
				PROPERTIES)) {
			Scraper http = new Scraper(context);
			await(http, (response) -> response.body().contains("stream_table=\"public.first\""), "the first table");
			createStreamTable(database, "public.second");
			await(http, (response) -> response.body().contains("stream_table=\"public.second\""),
					"the second table");
			new JdbcTemplate(database.dataSource()).queryForList("SELECT pgtrickle.drop_stream_table(name => ?)",
					"public.first");
			Response after = await(http,
					(response) -> !response.body().contains("stream_table=\"public.first\"")
							&& response.body().contains("pgtrickle_stream_tables{status=\"ACTIVE\"} 1.0"),
					"the dropped table's meters to disappear");
			assertThat(after.body()).contains("stream_table=\"public.second\"");
		}
	}

	@Test
	void aScrapeWhileTheDatabaseIsDownSucceedsAndTheMetersRecover(PgTrickleDatabase database) throws Exception {
		createStreamTable(database, "public.resilient");
		URI server = JdbcUrls.hostAndPort(database.jdbcUrl());
		try (TcpProxy proxy = TcpProxy.start(server.getHost(), server.getPort(), Duration.ofMinutes(5));
				ConfigurableApplicationContext context = PgTrickleTestApplication.run(database,
						JdbcUrls.withHostAndPort(database.jdbcUrl(), "127.0.0.1", proxy.port()), PROPERTIES)) {
			Scraper http = new Scraper(context);
			await(http, (response) -> response.body().contains("pgtrickle_populated{stream_table=\"public.resilient\"} 1.0"),
					"the meters");
			proxy.cut();
			// A scrape that the outage starts in the middle of mixes values and NaN; the next is all NaN.
			Response down = await(http, (response) -> response.body().contains("pgtrickle_up 0.0")
					&& response.body().contains("pgtrickle_scheduler_running NaN")
					&& response.body().contains("pgtrickle_populated{stream_table=\"public.resilient\"} NaN"),
					"pgtrickle_up to report 0 and the other meters NaN");
			assertThat(down.status()).isEqualTo(200);
			assertThat(down.body()).contains("jvm_");
			proxy.restore();
			await(http, (response) -> response.body().contains("pgtrickle_up 1.0")
					&& response.body().contains("pgtrickle_populated{stream_table=\"public.resilient\"} 1.0"),
					"the meters to recover");
		}
	}

	@Test
	void instancesThatShareADatabaseElectOneReporter(PgTrickleDatabase database) {
		createStreamTable(database, "public.elected");
		String[] properties = { PROPERTIES[0], "spring.application.name=orders",
				"pgtrickle.metrics.election.enabled=true", "pgtrickle.metrics.election.interval=200ms" };
		try (ConfigurableApplicationContext first = PgTrickleTestApplication.run(database, database.jdbcUrl(),
				properties)) {
			await(new Scraper(first), (response) -> response.body().contains("pgtrickle_reporter 1.0")
					&& response.body().contains("pgtrickle_populated{stream_table=\"public.elected\"} 1.0"),
					"the first instance to report");
			try (ConfigurableApplicationContext second = PgTrickleTestApplication.run(database, database.jdbcUrl(),
					properties)) {
				Scraper secondHttp = new Scraper(second);
				// Until its first round of the election the second instance reports too; the scrape in
				// which it stands down still lists the meters it removes, the next one does not.
				Response standingBy = await(secondHttp,
						(response) -> response.body().contains("pgtrickle_reporter 0.0")
								&& !response.body().contains("stream_table=")
								&& !response.body().contains("source_table="),
						"the second instance to leave the reporting to the first");
				assertThat(standingBy.body()).contains("pgtrickle_up NaN")
					.contains("pgtrickle_scheduler_running NaN");
				first.close();
				await(secondHttp, (response) -> response.body().contains("pgtrickle_reporter 1.0")
						&& response.body().contains("pgtrickle_up 1.0")
						&& response.body().contains("pgtrickle_populated{stream_table=\"public.elected\"} 1.0"),
						"the second instance to take over when the first stops");
			}
		}
	}

	private static void createStreamTable(PgTrickleDatabase database, String name) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		jdbc.execute("CREATE TABLE IF NOT EXISTS public.orders (id int PRIMARY KEY, amount int NOT NULL)");
		jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => ?, query => 'SELECT id, amount FROM public.orders', "
				+ "schedule => '1m', refresh_mode => 'FULL')", name);
	}

	@SuppressWarnings("unchecked")
	private static Set<String> alertRuleMetrics() throws Exception {
		Set<String> metrics = new TreeSet<>();
		try (InputStream in = Files.newInputStream(MONITORING.resolve("prometheus/pgtrickle-alerts.yml"))) {
			Map<String, Object> document = new Yaml().load(in);
			List<Map<String, Object>> groups = (List<Map<String, Object>>) document.get("groups");
			assertThat(groups).isNotEmpty();
			for (Map<String, Object> group : groups) {
				List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
				assertThat(rules).isNotEmpty();
				for (Map<String, Object> rule : rules) {
					assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
					metrics.addAll(metricNames((String) rule.get("expr")));
				}
			}
		}
		return metrics;
	}

	private static Set<String> dashboardMetrics() throws Exception {
		JsonNode dashboard = JsonMapper.builder().build()
			.readTree(Files.readString(MONITORING.resolve("grafana/pgtrickle-dashboard.json")));
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			JsonNode targets = panel.get("targets");
			if (targets != null) {
				for (JsonNode target : targets) {
					queries.add(target.get("expr").asString());
				}
			}
		}
		List<String> variables = new ArrayList<>();
		for (JsonNode variable : dashboard.get("templating").get("list")) {
			variables.add(variable.get("name").asString());
			queries.add(variable.get("query").get("query").asString());
		}
		assertThat(variables).contains("stream_table");
		assertThat(queries).hasSizeGreaterThan(20);
		Set<String> metrics = new TreeSet<>();
		for (String query : queries) {
			Set<String> names = metricNames(query);
			assertThat(names).as(query).isNotEmpty();
			metrics.addAll(names);
		}
		return metrics;
	}

	private static Set<String> metricNames(String expression) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(expression);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	private static Map<String, String> exportedFamilies(String scrape) {
		Map<String, String> families = new java.util.TreeMap<>();
		Matcher matcher = TYPE.matcher(scrape);
		while (matcher.find()) {
			families.put(matcher.group(1), matcher.group(2));
		}
		return families;
	}

	private static Response await(Scraper http, Predicate<Response> condition, String description) {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		Response last = null;
		while (System.nanoTime() < deadline) {
			last = http.scrape();
			assertThat(last.status()).as("scrape status").isEqualTo(200);
			if (condition.test(last)) {
				return last;
			}
			sleep();
		}
		return fail("Timed out waiting for " + description + "; last scrape: "
				+ ((last != null) ? last.body().lines().filter((line) -> line.startsWith("pgtrickle")).toList() : "none"));
	}

	private record Response(int status, String body) {
	}

	/**
	 * Scrapes the application as Prometheus does, asking for the text format.
	 */
	private static final class Scraper {

		private static final HttpClient client = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final URI uri;

		Scraper(ConfigurableApplicationContext context) {
			this.uri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
					+ PROMETHEUS);
		}

		Response scrape() {
			HttpRequest request = HttpRequest.newBuilder(this.uri)
				.header("Accept", "text/plain;version=0.0.4")
				.timeout(Duration.ofSeconds(30))
				.GET()
				.build();
			try {
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				return new Response(response.statusCode(), response.body());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException("Scrape of " + this.uri + " failed", ex);
			}
		}

	}

	private static void sleep() {
		try {
			Thread.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
