package io.pgtrickle.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for one {@link PgTrickleTemplate} shared by many threads, over a HikariCP pool.
 */
@PgTrickleTest
class PgTrickleTemplateConcurrencyIntegrationTests {

	private static final StreamTableName SHARED = StreamTableName.of("public.shared_totals");

	private static final int THREADS = 8;

	private static final int ROUNDS = 10;

	private static HikariDataSource pool;

	@BeforeAll
	static void createPool(PgTrickleDatabase database) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database.jdbcUrl());
		config.setUsername(database.username());
		config.setPassword(database.password());
		config.setMaximumPoolSize(THREADS);
		pool = new HikariDataSource(config);
		JdbcTemplate jdbc = new JdbcTemplate(pool);
		jdbc.execute("CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
		new PgTrickleTemplate(jdbc).create(StreamTableDefinition
			.builder(SHARED, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
	}

	@AfterAll
	static void closePool() {
		pool.close();
	}

	@Test
	void oneTemplateServesManyThreadsInsideAndOutsideTransactions() throws Exception {
		PgTrickleTemplate template = new PgTrickleTemplate(new JdbcTemplate(pool));
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
		JdbcTemplate jdbc = new JdbcTemplate(pool);
		Map<RefreshResult.Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < THREADS; thread++) {
				int id = thread;
				futures.add(executor.submit(() -> {
					start.await();
					StreamTableName own = StreamTableName.of("public.own_" + id);
					for (int round = 0; round < ROUNDS; round++) {
						RefreshResult shared = (round % 2 == 0) ? transaction.execute((status) -> {
							jdbc.update("INSERT INTO orders (customer_id, amount) VALUES (?, 1)", id);
							return template.refresh(SHARED);
						}) : template.refresh(SHARED);
						outcomes.computeIfAbsent(shared.outcome(), (key) -> new AtomicInteger()).incrementAndGet();
						template.createIfNotExists(StreamTableDefinition
							.builder(own, "SELECT customer_id, count(*) AS orders FROM orders GROUP BY customer_id")
							.schedule(Schedule.parse("1h"))
							.build());
						assertThat(template.findInfo(own)).isPresent();
						assertThat(template.statusSnapshot().find(SHARED)).isPresent();
						template.refreshIfStale(own, Duration.ZERO);
						assertThat(template.dropIfExists(own)).isTrue();
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(outcomes.get(RefreshResult.Outcome.REFRESHED)).isNotNull();
		int total = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
		assertThat(total).isEqualTo(THREADS * ROUNDS);
		assertThat(outcomes.keySet()).isSubsetOf(RefreshResult.Outcome.REFRESHED, RefreshResult.Outcome.SKIPPED);
		template.refresh(SHARED).orThrow();
		assertThat(jdbc.queryForObject("SELECT sum(total) FROM public.shared_totals", Integer.class))
			.isEqualTo(THREADS * ROUNDS / 2);
		assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
	}

}
