package io.pgtrickle.jpa.repository;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.ExampleMatcher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.jpa.StreamTableMappingException;
import io.pgtrickle.jpa.repository.misuse.CustomerStreamTableRepository;
import io.pgtrickle.jpa.repository.misuse.MisuseConfiguration;
import io.pgtrickle.jpa.sales.Customer;
import io.pgtrickle.jpa.sales.OrderTotal;
import io.pgtrickle.jpa.sales.OrderTotals;
import io.pgtrickle.jpa.sales.SalesContext;
import io.pgtrickle.jpa.sales.SalesDatabase;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Integration tests for {@link StreamTableRepository}: the read operations Spring Data offers and the
 * stream-table operations of its fragment.
 */
@PgTrickleTest
class StreamTableRepositoryIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static OrderTotals orderTotals;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void start(PgTrickleDatabase database) {
		SalesDatabase.create(database.dataSource());
		context = SalesContext.start(database);
		orderTotals = context.getBean(OrderTotals.class);
		jdbc = new JdbcTemplate(context.getBean(DataSource.class));
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void findsByIdAndTellsWhetherAnIdExists() {
		BigDecimal expected = jdbc.queryForObject("SELECT sum(amount) FROM orders WHERE customer_id = 7", BigDecimal.class);
		assertThat(orderTotals.findById(7L)).hasValueSatisfying((total) -> {
			assertThat(total.getTotal()).isEqualByComparingTo(expected);
			assertThat(total.getOrderCount()).isEqualTo(10L);
		});
		assertThat(orderTotals.findById(1000L)).isEmpty();
		assertThat(orderTotals.existsById(7L)).isTrue();
		assertThat(orderTotals.existsById(1000L)).isFalse();
	}

	@Test
	void countsAndFindsAll() {
		assertThat(orderTotals.count()).isEqualTo(30);
		assertThat(orderTotals.findAll()).hasSize(30);
		assertThat(orderTotals.findAllById(List.of(1L, 2L, 1000L))).extracting(OrderTotal::getCustomerId)
			.containsExactlyInAnyOrder(1L, 2L);
	}

	@Test
	void pagesAndSorts() {
		Page<OrderTotal> page = orderTotals.findAll(PageRequest.of(1, 10, Sort.by("customerId")));
		assertThat(page.getTotalElements()).isEqualTo(30);
		assertThat(page.getContent()).extracting(OrderTotal::getCustomerId).containsExactly(11L, 12L, 13L, 14L, 15L,
				16L, 17L, 18L, 19L, 20L);
		assertThat(orderTotals.findAll(Sort.by(Sort.Direction.DESC, "customerId")).get(0).getCustomerId()).isEqualTo(30L);
	}

	@Test
	void runsQueryMethods() {
		List<OrderTotal> top = orderTotals.findTop10ByOrderByTotalDesc();
		BigDecimal largest = jdbc.queryForObject("SELECT max(total) FROM order_totals", BigDecimal.class);
		assertThat(top).hasSize(10);
		assertThat(top.get(0).getTotal()).isEqualByComparingTo(largest);
		assertThat(orderTotals.countByTotalGreaterThan(BigDecimal.ZERO)).isEqualTo(30);
		assertThat(orderTotals.findWithAtLeast(10)).hasSize(30);
	}

	@Test
	void runsSpecifications() {
		Specification<OrderTotal> large = (root, query, builder) -> builder.greaterThan(root.get("total"),
				new BigDecimal("2600"));
		long expected = jdbc.queryForObject("SELECT count(*) FROM order_totals WHERE total > 2600", Long.class);
		assertThat(orderTotals.count(large)).isEqualTo(expected);
		assertThat(orderTotals.findAll(large)).hasSize((int) expected);
		assertThat(orderTotals.findAll(large, Sort.by("total"))).isSortedAccordingTo(
				(a, b) -> a.getTotal().compareTo(b.getTotal()));
		assertThat(orderTotals.findAll(large, PageRequest.of(0, 2)).getTotalElements()).isEqualTo(expected);
		assertThat(orderTotals.exists(large)).isEqualTo(expected > 0);
		Specification<OrderTotal> one = (root, query, builder) -> builder.equal(root.get("customerId"), 3L);
		assertThat(orderTotals.findOne(one)).isPresent();
		assertThat(orderTotals.<OrderTotal, Long>findBy(one, (query) -> query.count())).isOne();
	}

	@Test
	void queriesByExample() {
		OrderTotal probe = new OrderTotal(5L, null, null);
		Example<OrderTotal> example = Example.of(probe, ExampleMatcher.matching().withIgnoreNullValues());
		assertThat(orderTotals.findAll(example)).singleElement()
			.satisfies((total) -> assertThat(total.getCustomerId()).isEqualTo(5L));
		assertThat(orderTotals.count(example)).isOne();
	}

	@Test
	void hasNoMethodThatWrites() {
		List<String> names = Arrays.stream(StreamTableRepository.class.getMethods()).map(Method::getName).toList();
		assertThat(names).noneMatch((name) -> name.startsWith("save") || name.startsWith("delete")
				|| name.startsWith("update") || name.equals("flush"));
		assertThat(names).contains("findById", "findAll", "count", "existsById", "refresh", "isStale");
	}

	@Test
	void namesItsStreamTableAndTellsItsState() {
		assertThat(orderTotals.streamTableName()).isEqualTo(StreamTableName.of("order_totals"));
		assertThat(orderTotals.streamTableInfo().name()).isEqualTo(StreamTableName.of("public", "order_totals"));
		Instant lastRefresh = orderTotals.lastRefreshedAt().orElseThrow();
		assertThat(lastRefresh).isBefore(Instant.now().plusSeconds(5));
		assertThat(orderTotals.isStale()).isFalse();
		assertThat(orderTotals.isStale(Duration.ofMinutes(30))).isFalse();
		assertThat(orderTotals.isStale(Duration.ZERO)).isTrue();
		assertThat(orderTotals.refreshIfStale(Duration.ofMinutes(30)).outcome()).isEqualTo(RefreshResult.Outcome.FRESH);
	}

	@Test
	void refreshMakesWritesToTheSourcesVisible() {
		jdbc.update("INSERT INTO orders VALUES (1001, 3, 1000)");
		try {
			BigDecimal before = orderTotals.findById(3L).orElseThrow().getTotal();
			Instant lastRefresh = orderTotals.lastRefreshedAt().orElseThrow();
			assertThat(orderTotals.refresh().isRefreshed()).isTrue();
			assertThat(orderTotals.findById(3L).orElseThrow().getTotal()).isEqualByComparingTo(before.add(new BigDecimal(1000)));
			assertThat(orderTotals.lastRefreshedAt()).hasValueSatisfying((time) -> assertThat(time).isAfter(lastRefresh));
		}
		finally {
			jdbc.update("DELETE FROM orders WHERE id = 1001");
			orderTotals.refresh();
		}
	}

	@Test
	void repositoryForAnEntityThatIsNotAStreamTableFailsToStart(PgTrickleDatabase database) {
		assertThatException().isThrownBy(() -> SalesContext.start(database, MisuseConfiguration.class))
			.havingRootCause()
			.isInstanceOf(StreamTableMappingException.class)
			.withMessage("Repository " + CustomerStreamTableRepository.class.getName() + " extends StreamTableOperations "
					+ "but its entity " + Customer.class.getName() + " is not annotated with @StreamTable; annotate the "
					+ "entity, or extend JpaRepository instead");
	}

	@Test
	void refreshInATransactionSeesItsWritesAndCommitsWithThem() {
		TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		BigDecimal before = orderTotals.findById(4L).orElseThrow().getTotal();
		transaction.executeWithoutResult((status) -> {
			jdbc.update("INSERT INTO orders VALUES (1002, 4, 500)");
			orderTotals.refresh();
			assertThat(orderTotals.findById(4L).orElseThrow().getTotal()).isEqualByComparingTo(before.add(new BigDecimal(500)));
			status.setRollbackOnly();
		});
		assertThat(orderTotals.findById(4L).orElseThrow().getTotal()).isEqualByComparingTo(before);
	}

}
