package io.pgtrickle.samples.orders;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.StreamTableName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole sample end to end, over HTTP, on a database from pgtrickle-test (the real image when
 * Docker runs, the embedded emulation otherwise).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(EmbeddedPgTrickleConfiguration.class)
class OrdersApplicationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PgTrickleOperations pgTrickle;

	private RestClient http;

	@BeforeEach
	void createClient() {
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void migrationsCreateTheStreamTablesFromTheirDefinitionFiles() {
		Map<String, Object> totals = get("/api/customers/totals");
		assertThat(rows(totals)).extracting((row) -> row.get("customerId")).contains(1, 2, 3);
		assertThat(totals.get("lastRefreshedAt")).isNotNull();
		assertThat(totalFromDatabase(1)).as("Ada's orders of V1__orders.sql").isGreaterThanOrEqualTo(new BigDecimal("155.50"));
		await().atMost(Duration.ofSeconds(40))
			.untilAsserted(() -> assertThat(total(1)).isEqualByComparingTo(totalFromDatabase(1)));
		assertThat(get("/api/customers/1/totals").get("lastOrderAt")).as("column added by definition version 2")
			.isNotNull();
		assertThat(rows(get("/api/revenue/daily"))).isNotEmpty();
	}

	@Test
	void placingAnOrderReturnsTheTotalsThatIncludeIt() {
		BigDecimal before = total(2);
		Map<String, Object> placed = this.http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("customerId", 2, "amount", 10))
			.retrieve()
			.body(JSON);
		assertThat(placed.get("refresh")).isIn("REFRESHED", "SKIPPED");
		if ("REFRESHED".equals(placed.get("refresh"))) {
			assertThat(new BigDecimal(placed.get("total").toString())).isEqualByComparingTo(before.add(BigDecimal.TEN));
		}
		await().atMost(Duration.ofSeconds(40))
			.untilAsserted(() -> assertThat(totalFromDatabase(2)).isEqualByComparingTo(before.add(BigDecimal.TEN)));
	}

	@Test
	void cachedTotalsAreEvictedWhenTheStreamTableRefreshes() {
		BigDecimal before = total(1);
		this.jdbc.update("INSERT INTO orders (customer_id, amount) VALUES (1, 5)");
		assertThat(total(1)).as("served from the cache").isEqualByComparingTo(before);
		this.pgTrickle.refresh(StreamTableName.of("public.customer_totals"));
		await().atMost(Duration.ofSeconds(40))
			.untilAsserted(() -> assertThat(total(1)).isEqualByComparingTo(before.add(new BigDecimal("5"))));
	}

	@Test
	void aStreamTableBuiltOnAnotherFollowsIt() {
		this.jdbc.update("INSERT INTO orders (customer_id, amount) VALUES (3, 500)");
		this.pgTrickle.refresh(StreamTableName.of("public.customer_totals"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(rows(get("/api/customers/top"))).extracting((row) -> row.get("customerId"))
				.contains(3));
	}

	@Test
	void actuatorReportsTheStreamTables() {
		Map<String, Object> health = get("/actuator/health/pgtrickle");
		assertThat(health.get("status")).isEqualTo("UP");
		Map<String, Object> endpoint = get("/actuator/pgtrickle");
		assertThat(rows(endpoint, "streamTables")).extracting((table) -> table.get("name"))
			.contains("public.customer_totals", "public.daily_revenue", "public.top_customers");
		// The only instance wins the metrics election and reports the stream tables' meters.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String prometheus = this.http.get().uri("/actuator/prometheus").retrieve().body(String.class);
			assertThat(prometheus).contains("pgtrickle_reporter 1.0", "pgtrickle_up 1.0",
					"pgtrickle_staleness_seconds{stream_table=\"public.customer_totals\"}");
		});
	}

	private BigDecimal total(long customerId) {
		return new BigDecimal(get("/api/customers/" + customerId + "/totals").get("total").toString());
	}

	private BigDecimal totalFromDatabase(long customerId) {
		return this.jdbc.queryForObject("SELECT total FROM customer_totals WHERE customer_id = ?", BigDecimal.class,
				customerId);
	}

	private Map<String, Object> get(String path) {
		return this.http.get().uri(path).retrieve().body(JSON);
	}

	private static List<Map<String, Object>> rows(Map<String, Object> body) {
		return rows(body, "rows");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rows(Map<String, Object> body, String key) {
		return (List<Map<String, Object>>) body.get(key);
	}

}
