package io.pgtrickle.core.docs;

import java.math.BigDecimal;
import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.core.CreateOrReplaceOutcome;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableReadOnlyException;
import io.pgtrickle.core.StreamTableStatus;

import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the snippets of {@code docs/template.md}.
 */
@PgTrickleTest
class TemplateDocumentationIntegrationTests {

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate template;

	TemplateDocumentationIntegrationTests(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.template = new TranslatorExamples().pgTrickleTemplate(dataSource, ObservationRegistry.NOOP);
	}

	@BeforeAll
	static void createOrders(DataSource dataSource) {
		new JdbcTemplate(dataSource)
			.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
	}

	@BeforeEach
	void reset() {
		this.template.dropIfExists(OrderTotalsDefinitions.ORDER_TOTALS, true);
		this.jdbc.execute("TRUNCATE orders");
		this.jdbc.update("INSERT INTO orders VALUES (1, 1, 400), (2, 1, 700)");
	}

	@Test
	void createAndDeploy() {
		OrderTotalsDefinitions definitions = new OrderTotalsDefinitions(this.template);
		definitions.create();
		assertThat(definitions.deploy()).isEqualTo(CreateOrReplaceOutcome.UNCHANGED);
		this.template.drop(OrderTotalsDefinitions.ORDER_TOTALS);
		assertThat(definitions.deploy()).isEqualTo(CreateOrReplaceOutcome.CREATED);
		this.template.drop(OrderTotalsDefinitions.ORDER_TOTALS);
		definitions.createBoth();
		assertThat(this.template.exists(OrderTotalsDefinitions.BIG_CUSTOMERS)).isTrue();
	}

	@Test
	void refreshAfterWrite() {
		new OrderTotalsDefinitions(this.template).create();
		OrderService service = new OrderService(this.jdbc, this.template);
		new TransactionTemplate(new DataSourceTransactionManager(this.dataSource))
			.executeWithoutResult((status) -> service.placeOrder(3, 1, new BigDecimal("5")));
		assertThat(this.jdbc.queryForObject("SELECT total FROM public.order_totals WHERE customer_id = 1", Integer.class))
			.isEqualTo(1105);
	}

	@Test
	void refreshVariants() {
		new OrderTotalsDefinitions(this.template).createBoth();
		RefreshExamples examples = new RefreshExamples(this.template);
		assertThat(examples.refreshIfSkipped()).isTrue();
		assertThat(examples.refreshReport().outcome()).isEqualTo(RefreshResult.Outcome.FRESH);
		assertThat(examples.refreshChain()).extracting(RefreshResult::streamTable)
			.containsExactly(OrderTotalsDefinitions.ORDER_TOTALS, OrderTotalsDefinitions.BIG_CUSTOMERS);
	}

	@Test
	void alterPauseAndRemove() {
		new OrderTotalsDefinitions(this.template).create();
		AlterExamples examples = new AlterExamples(this.template);
		examples.slowDown();
		examples.pause();
		assertThat(this.template.findInfo(OrderTotalsDefinitions.ORDER_TOTALS).orElseThrow().status())
			.isEqualTo(StreamTableStatus.ACTIVE);
		examples.remove();
		assertThat(this.template.exists(OrderTotalsDefinitions.ORDER_TOTALS)).isFalse();
	}

	@Test
	void inspectAndWait() {
		new OrderTotalsDefinitions(this.template).create();
		InspectExamples inspect = new InspectExamples(this.template);
		assertThat(inspect.describe()).startsWith("public.order_totals is ACTIVE");
		assertThat(inspect.laggingStreamTables()).isEmpty();
		assertThat(inspect.problems()).allMatch((check) -> check.detail() != null || check.name() != null);
		assertThat(inspect.all()).hasSize(1);
		StreamTableInfo info = new WaitExamples(this.template).waitUntilReady();
		assertThat(info.populated()).isTrue();
		assertThat(info.lastRefreshAt()).isNotNull();
		assertThat(Duration.ofMinutes(1)).isPositive();
	}

	@Test
	void translatingJdbcTemplate() {
		new OrderTotalsDefinitions(this.template).create();
		JdbcTemplate translating = new TranslatorExamples().translatingJdbcTemplate(this.dataSource);
		assertThatExceptionOfType(StreamTableReadOnlyException.class)
			.isThrownBy(() -> translating.update("DELETE FROM public.order_totals"));
	}

}
