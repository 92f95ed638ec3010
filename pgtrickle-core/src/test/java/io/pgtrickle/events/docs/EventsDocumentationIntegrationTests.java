package io.pgtrickle.events.docs;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshSkippedException;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.events.ListenerConnectionFactory;
import io.pgtrickle.events.PgTrickleAlert;
import io.pgtrickle.events.PgTrickleAlertEvent;
import io.pgtrickle.events.PgTrickleAlertListener;
import io.pgtrickle.events.StreamTableCacheEvictor;
import io.pgtrickle.events.StreamTableRefreshFailedEvent;
import io.pgtrickle.events.StreamTableRefreshedEvent;
import io.pgtrickle.events.StreamTableSuspendedEvent;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the snippets of {@code docs/events.md}.
 */
@PgTrickleTest
class EventsDocumentationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final PgTrickleDatabase database;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate pgTrickle;

	private final TransactionTemplate transactions;

	EventsDocumentationIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
		this.dataSource = database.dataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.pgTrickle = new PgTrickleTemplate(this.dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

	@BeforeAll
	static void createOrders(DataSource dataSource) {
		new JdbcTemplate(dataSource)
			.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
	}

	@BeforeEach
	void reset() {
		this.pgTrickle.dropIfExists(OrderPlacement.ORDER_TOTALS);
		this.jdbc.execute("TRUNCATE orders");
		this.jdbc.update("INSERT INTO orders VALUES (1, 1, 400), (2, 1, 700)");
	}

	@Test
	void cacheIsEvictedWhenTheSchedulerRefreshesTheStreamTable() throws Exception {
		createOrderTotals("1s");
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(JdbcTemplate.class, () -> this.jdbc);
			context.registerBean(ListenerConnectionFactory.class, this::connectionFactory);
			context.register(CachingApplication.class);
			context.refresh();
			OrderTotalsCache cache = context.getBean(OrderTotalsCache.class);
			assertThat(cache.totalOf(1)).isEqualByComparingTo("1100");
			this.jdbc.update("INSERT INTO orders VALUES (3, 1, 5)");
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (cache.totalOf(1).compareTo(new BigDecimal("1105")) != 0) {
				assertThat(System.nanoTime()).as("cache not evicted").isLessThan(deadline);
				Thread.sleep(20);
			}
		}
	}

	@Test
	void alertsPageOnSuspensionFailureAndTruncation() {
		List<String> pages = new CopyOnWriteArrayList<>();
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(StreamTableAlerts.class, () -> new StreamTableAlerts(pages::add));
			context.refresh();
			context.publishEvent(new StreamTableSuspendedEvent(this, "public.order_totals",
					alert("{\"event\":\"auto_suspended\",\"st\":\"public.order_totals\",\"consecutive_errors\":3}")));
			context.publishEvent(new StreamTableRefreshFailedEvent(this, "public.order_totals",
					alert("{\"event\":\"refresh_failed\",\"st\":\"public.order_totals\",\"error\":\"disk full\"}")));
			context.publishEvent(new PgTrickleAlertEvent(this, alert("{\"action\":\"FULL\",\"error\":\"long...}")));
			context.publishEvent(new PgTrickleAlertEvent(this, alert("{\"event\":\"no_upstream_changes\"}")));
		}
		assertThat(pages).containsExactly(
				"Stream table public.order_totals was suspended after 3 failed refreshes; fix the cause and resume it",
				"Refresh of public.order_totals failed: disk full",
				"pg_trickle sent a truncated alert (a long error, probably): {action=FULL, error=long}");
	}

	@Test
	void filtersSelectStreamTables() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(StreamTableFilters.class);
			context.refresh();
			context.publishEvent(new StreamTableRefreshedEvent(this, "public.order_totals"));
			context.publishEvent(new StreamTableRefreshedEvent(this, "public.customers"));
			context.publishEvent(new StreamTableRefreshedEvent(this, "sales.daily", alert("{\"event\":\"refresh_completed\","
					+ "\"st\":\"sales.daily\",\"rows_inserted\":500,\"rows_deleted\":0}")));
			context.publishEvent(new StreamTableRefreshedEvent(this, "sales.weekly", alert("{\"event\":"
					+ "\"refresh_completed\",\"st\":\"sales.weekly\",\"rows_inserted\":5,\"rows_deleted\":0}")));
			assertThat(context.getBean(StreamTableFilters.class).received).extracting((event) -> event.getStreamTable())
				.containsExactlyInAnyOrder("public.order_totals", "sales.daily");
		}
	}

	@Test
	void refreshInTheWritingTransactionCommitsBoth() {
		createOrderTotals("1h");
		OrderPlacement placement = new OrderPlacement(this.jdbc, this.transactions, this.pgTrickle);
		this.transactions.executeWithoutResult((status) -> placement.placeOrderAndRefresh(3, 1, new BigDecimal("5")));
		assertThat(totalOf(1)).isEqualByComparingTo("1105");
	}

	@Test
	void refreshSkippedInTheWritingTransactionRollsTheWriteBack() throws Exception {
		createOrderTotals("1h");
		OrderPlacement placement = new OrderPlacement(this.jdbc, this.transactions, this.pgTrickle);
		try (Connection other = this.dataSource.getConnection()) {
			holdRefreshLock(other);
			assertThatExceptionOfType(RefreshSkippedException.class).isThrownBy(() -> this.transactions
				.executeWithoutResult((status) -> placement.placeOrderAndRefresh(3, 1, new BigDecimal("5"))));
			other.rollback();
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM orders WHERE id = 3", Integer.class)).isZero();
	}

	@Test
	void refreshAfterCommitRetriesWhileAnotherRefreshRuns() throws Exception {
		createOrderTotals("1h");
		OrderPlacement placement = new OrderPlacement(this.jdbc, this.transactions, this.pgTrickle);
		try (Connection other = this.dataSource.getConnection()) {
			holdRefreshLock(other);
			Thread release = new Thread(() -> {
				try {
					Thread.sleep(300);
					other.commit();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			release.start();
			long start = System.nanoTime();
			placement.placeOrderThenRefresh(3, 1, new BigDecimal("5"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
			release.join();
		}
		assertThat(totalOf(1)).isEqualByComparingTo("1105");
	}

	@Test
	void immediateStreamTableIsCurrentInTheWritingTransaction() {
		OrderPlacement placement = new OrderPlacement(this.jdbc, this.transactions, this.pgTrickle);
		placement.createMaintainedInEveryWrite();
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update("INSERT INTO orders VALUES (3, 1, 5)");
			assertThat(totalOf(1)).isEqualByComparingTo("1105");
		});
	}

	@Test
	void listenerConfigurationListens() throws Exception {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test", Map.of("app.listener.url", this.database.jdbcUrl(),
						"app.listener.username", this.database.username(), "app.listener.password",
						this.database.password())));
			context.registerBean(CacheManager.class, () -> new ConcurrentMapCacheManager("orderTotals"));
			context.register(AlertListenerConfiguration.class);
			context.refresh();
			PgTrickleAlertListener listener = context.getBean(PgTrickleAlertListener.class);
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (!listener.isListening()) {
				assertThat(System.nanoTime()).as("listener did not connect").isLessThan(deadline);
				Thread.sleep(10);
			}
			assertThat(context.getBean(StreamTableCacheEvictor.class).getCacheNames())
				.containsEntry("public.order_totals", List.of("orderTotals"));
		}
	}

	private void createOrderTotals(String schedule) {
		this.jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => 'public.order_totals', query => ?, "
				+ "schedule => ?, refresh_mode => 'FULL', cdc_mode => 'trigger')",
				"SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id", schedule);
	}

	private static void holdRefreshLock(Connection connection) throws Exception {
		connection.setAutoCommit(false);
		connection.createStatement().execute("SELECT pgtrickle.refresh_stream_table('public.order_totals')");
	}

	private BigDecimal totalOf(int customerId) {
		return this.jdbc.queryForObject("SELECT total FROM public.order_totals WHERE customer_id = ?", BigDecimal.class,
				customerId);
	}

	private ListenerConnectionFactory connectionFactory() {
		return ListenerConnectionFactory.of(this.database.jdbcUrl(), this.database.username(), this.database.password());
	}

	private static PgTrickleAlert alert(String payload) {
		return PgTrickleAlert.parse(PgTrickleAlert.ALERT_CHANNEL, payload);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingApplication {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager("orderTotals");
		}

		@Bean
		OrderTotalsCache orderTotalsCache(JdbcTemplate jdbcTemplate) {
			return new OrderTotalsCache(jdbcTemplate);
		}

		@Bean
		PgTrickleAlertListener pgTrickleAlertListener(ListenerConnectionFactory connectionFactory,
				ApplicationEventPublisher eventPublisher) {
			return new PgTrickleAlertListener(connectionFactory, eventPublisher);
		}

	}

}
