package io.pgtrickle.autoconfigure.endpoint;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.autoconfigure.testsupport.HttpResponses;
import io.pgtrickle.autoconfigure.testsupport.HttpResponses.Response;
import io.pgtrickle.autoconfigure.testsupport.PgTrickleTestApplication;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of the {@code pgtrickle} endpoint over real HTTP, with write access granted and
 * secured as the documentation shows.
 */
@PgTrickleTest
@TestInstance(Lifecycle.PER_CLASS)
class PgTrickleEndpointIntegrationTests {

	private static final String ADMIN = "ops:secret";

	private static final String TOTALS = "/actuator/pgtrickle/public.order_totals";

	private ConfigurableApplicationContext context;

	private HttpResponses http;

	private JdbcTemplate jdbc;

	@BeforeAll
	void start(PgTrickleDatabase database) {
		this.jdbc = new JdbcTemplate(database.dataSource());
		this.jdbc.execute("CREATE TABLE public.orders (id int PRIMARY KEY, customer int, amount int)");
		this.jdbc.execute("INSERT INTO public.orders VALUES (1, 1, 10), (2, 1, 20), (3, 2, 5)");
		createStreamTable("public.order_totals",
				"SELECT customer, sum(amount) AS total FROM public.orders GROUP BY customer");
		createStreamTable("public.big_orders", "SELECT id, amount FROM public.orders WHERE amount > 10");
		this.context = PgTrickleTestApplication.run(database, database.jdbcUrl(),
				"management.endpoints.web.exposure.include=health,pgtrickle",
				"management.endpoint.pgtrickle.access=unrestricted");
		this.http = PgTrickleTestApplication.http(this.context);
	}

	@AfterAll
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void rootListsTheStreamTablesInAStreamTablesArray() {
		Response response = this.http.get("/actuator/pgtrickle");
		assertThat(response.status()).isEqualTo(200);
		List<Map<String, Object>> streamTables = (List<Map<String, Object>>) response.json().get("streamTables");
		assertThat(streamTables).extracting((table) -> table.get("name"))
			.containsSubsequence("public.big_orders", "public.order_totals");
		assertThat(streamTables).filteredOn((table) -> table.get("name").equals("public.order_totals"))
			.singleElement()
			.satisfies((table) -> assertThat(table).containsEntry("status", "ACTIVE")
				.containsEntry("schedule", "1h")
				.containsEntry("refreshMode", "FULL")
				.containsEntry("populated", true)
				.containsEntry("consecutiveErrors", 0)
				.containsKeys("lastRefreshAt", "staleness"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void rootDescribesTheExtensionAndChangeCapture() {
		Map<String, Object> body = this.http.get("/actuator/pgtrickle").json();
		Map<String, Object> extension = (Map<String, Object>) body.get("extension");
		assertThat(extension.get("version")).isEqualTo(this.jdbc
			.queryForObject("SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pg_trickle'", String.class));
		assertThat((List<String>) extension.get("functions")).contains("create_stream_table", "refresh_stream_table");
		assertThat((List<String>) extension.get("createArguments")).contains("name", "query", "schedule");
		assertThat((List<Map<String, Object>>) body.get("changeCapture")).extracting((source) -> source.get("cdcMode"))
			.containsOnly("TRIGGER");
		assertThat(body).containsKey("databaseTime");
	}

	@Test
	@SuppressWarnings("unchecked")
	void streamTableShowsItsDefinitionStateHistoryAndSources() {
		Response response = this.http.get(TOTALS);
		assertThat(response.status()).isEqualTo(200);
		Map<String, Object> body = response.json();
		assertThat(body).containsEntry("name", "public.order_totals")
			.containsEntry("status", "ACTIVE")
			.containsEntry("populated", true)
			.containsKeys("staleness", "lastRefreshAt", "statistics");
		assertThat((Map<String, Object>) body.get("definition"))
			.containsEntry("query", "SELECT customer, sum(amount) AS total FROM public.orders GROUP BY customer")
			.containsEntry("schedule", "1h")
			.containsEntry("refreshMode", "FULL");
		assertThat((List<Map<String, Object>>) body.get("history")).isNotEmpty()
			.allSatisfy((refresh) -> assertThat(refresh).containsKeys("refreshId", "startTime", "action", "status"));
		assertThat((List<Map<String, Object>>) body.get("sources")).singleElement()
			.satisfies((source) -> assertThat(source).containsEntry("source", "public.orders")
				.containsEntry("type", "TABLE"));
	}

	@Test
	void unqualifiedNameIsResolvedAgainstTheCurrentSchema() {
		Response response = this.http.get("/actuator/pgtrickle/order_totals");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("name", "public.order_totals");
	}

	@Test
	void unknownStreamTableIsNotFoundWithAMessage() {
		Response response = this.http.get("/actuator/pgtrickle/public.no_such_table");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("message")).asString().contains("public.no_such_table", "does not exist");
	}

	@Test
	void malformedNameIsABadRequestWithAMessage() {
		Response upperCase = this.http.get("/actuator/pgtrickle/Public.Orders");
		assertThat(upperCase.status()).isEqualTo(400);
		assertThat(upperCase.json().get("message")).asString().contains("upper-case letter");
		Response twoDots = this.http.get("/actuator/pgtrickle/a.b.c");
		assertThat(twoDots.status()).isEqualTo(400);
		assertThat(twoDots.json().get("message")).asString().contains("more than one '.'");
		Response quote = this.http.get("/actuator/pgtrickle/public.%22orders%22");
		assertThat(quote.status()).isEqualTo(400);
		assertThat(quote.json().get("message")).asString().contains("double quote");
	}

	@Test
	void writeWithoutCredentialsIsUnauthorized() {
		Response response = this.http.post(TOTALS, "{\"action\": \"suspend\"}", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(status("order_totals")).isEqualTo("ACTIVE");
	}

	@Test
	void refreshRefreshesTheStreamTable() {
		this.jdbc.update("INSERT INTO public.orders VALUES (4, 3, 7)");
		Response response = this.http.post(TOTALS, "{\"action\": \"refresh\"}", ADMIN);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsEntry("streamTable", "public.order_totals")
			.containsEntry("action", "REFRESH")
			.containsEntry("outcome", "REFRESHED")
			.containsEntry("status", "ACTIVE");
		assertThat(this.jdbc.queryForObject("SELECT total FROM public.order_totals WHERE customer = 3", Long.class))
			.isEqualTo(7);
	}

	@Test
	void suspendAndResumeChangeTheStatus() {
		Response suspended = this.http.post("/actuator/pgtrickle/public.big_orders", "{\"action\": \"suspend\"}",
				ADMIN);
		assertThat(suspended.status()).isEqualTo(200);
		assertThat(suspended.json()).containsEntry("outcome", "SUSPENDED").containsEntry("status", "SUSPENDED");
		assertThat(status("big_orders")).isEqualTo("SUSPENDED");
		Response refresh = this.http.post("/actuator/pgtrickle/public.big_orders", "{\"action\": \"refresh\"}", ADMIN);
		assertThat(refresh.status()).isEqualTo(409);
		assertThat(refresh.json().get("message")).asString().contains("SUSPENDED", "resume");
		Response resumed = this.http.post("/actuator/pgtrickle/public.big_orders", "{\"action\": \"RESUME\"}", ADMIN);
		assertThat(resumed.status()).isEqualTo(200);
		assertThat(resumed.json()).containsEntry("outcome", "RESUMED").containsEntry("status", "ACTIVE");
	}

	@Test
	void resumeOfAnActiveStreamTableIsAConflictWithAMessage() {
		Response response = this.http.post(TOTALS, "{\"action\": \"resume\"}", ADMIN);
		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().get("message")).asString().contains("not suspended");
	}

	@Test
	void writeToAnUnknownStreamTableIsNotFoundWithAMessage() {
		Response response = this.http.post("/actuator/pgtrickle/public.no_such_table", "{\"action\": \"refresh\"}",
				ADMIN);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json().get("message")).asString().contains("public.no_such_table");
	}

	@Test
	void writeWithAMalformedNameIsABadRequestWithAMessage() {
		Response response = this.http.post("/actuator/pgtrickle/a.b.c", "{\"action\": \"refresh\"}", ADMIN);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message")).asString().contains("more than one '.'");
	}

	@Test
	void unknownOrMissingActionIsABadRequestWithAMessage() {
		Response unknown = this.http.post(TOTALS, "{\"action\": \"explode\"}", ADMIN);
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("message")).asString().contains("'explode'", "'refresh'");
		Response missing = this.http.post(TOTALS, "{}", ADMIN);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("message")).asString().contains("Missing 'action'");
	}

	private void createStreamTable(String name, String query) {
		this.jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
				+ "refresh_mode => 'FULL', cdc_mode => 'trigger')", name, query);
	}

	private String status(String name) {
		return this.jdbc.queryForObject(
				"SELECT status FROM pgtrickle.pgt_stream_tables WHERE pgt_schema = 'public' AND pgt_name = ?",
				String.class, name);
	}

}
