package io.pgtrickle.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.observation.DefaultPgTrickleObservationConvention;
import io.pgtrickle.test.PgTrickleTest;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for the observations of {@link PgTrickleTemplate}.
 */
@PgTrickleTest
class PgTrickleTemplateObservationIntegrationTests {

	private static final StreamTableName TOTALS = StreamTableName.of("public.totals");

	private final DataSource dataSource;

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final PgTrickleTemplate template;

	PgTrickleTemplateObservationIntegrationTests(DataSource dataSource) {
		this.dataSource = dataSource;
		this.template = new PgTrickleTemplate(dataSource);
		this.template.setObservationRegistry(this.registry);
	}

	@BeforeAll
	static void createSource(DataSource dataSource) {
		new JdbcTemplate(dataSource)
			.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
	}

	@BeforeEach
	void createStreamTable() {
		PgTrickleTemplate unobserved = new PgTrickleTemplate(this.dataSource);
		unobserved.dropIfExists(TOTALS, true);
		unobserved.create(StreamTableDefinition
			.builder(TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
	}

	@Test
	void refreshIsObservedWithOperationOutcomeAndStreamTable() {
		this.template.refresh(StreamTableName.of("totals"));
		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("pgtrickle.operation")
			.hasContextualNameEqualTo("pgtrickle refresh")
			.hasLowCardinalityKeyValue("pgtrickle.operation", "refresh")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasHighCardinalityKeyValue("pgtrickle.stream_table", "public.totals")
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void failedOperationIsObservedWithErrorOutcome() {
		assertThatExceptionOfType(StreamTableNotFoundException.class)
			.isThrownBy(() -> this.template.refresh(StreamTableName.of("public.missing")));
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "error")
			.hasError()
			.assertThatError()
			.isInstanceOf(StreamTableNotFoundException.class);
	}

	@Test
	void skippedRefreshIsObservedWithSkippedOutcome() throws Exception {
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement statement = other.prepareStatement("SELECT pgtrickle.refresh_stream_table(name => ?)")) {
				statement.setString(1, TOTALS.toString());
				statement.execute();
			}
			assertThat(this.template.refresh(TOTALS).isSkipped()).isTrue();
			other.rollback();
		}
		assertThat(this.registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "skipped");
	}

	@Test
	void refreshAllIsTheParentOfEachRefresh() {
		this.template.refreshAll(List.of(TOTALS));
		assertThat(this.registry).hasNumberOfObservationsEqualTo(2)
			.hasAnObservationWithAKeyValue("pgtrickle.operation", "refreshAll")
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("pgtrickle refresh")
				.hasParentObservation());
	}

	@Test
	void everyOperationIsObserved() {
		StreamTableName other = StreamTableName.of("public.other");
		StreamTableDefinition definition = StreamTableDefinition.builder(other, "SELECT id FROM orders")
			.schedule(Schedule.parse("1h"))
			.build();
		this.template.create(definition);
		this.template.createIfNotExists(definition);
		this.template.createOrReplace(definition);
		this.template.alter(other, StreamTableAlteration.ofSchedule(Schedule.parse("2h")));
		this.template.alterAll(List.of(other), StreamTableAlteration.ofSchedule(Schedule.parse("3h")));
		this.template.suspend(other);
		this.template.resume(other);
		this.template.refresh(other);
		this.template.refreshIfStale(other, Duration.ZERO);
		this.template.refreshAll(List.of(other));
		this.template.findInfo(other);
		this.template.exists(other);
		this.template.findAll();
		this.template.statusSnapshot();
		this.template.stats(other);
		this.template.history(other, 1);
		this.template.explain(other);
		this.template.sources(other);
		this.template.dependencyGraph();
		this.template.cdcHealth();
		this.template.healthChecks();
		this.template.version();
		this.template.capabilities();
		this.template.awaitPopulated(other, Duration.ofSeconds(1));
		this.template.awaitFresh(other, Duration.ofHours(1), Duration.ofSeconds(1));
		this.template.awaitStatus(other, StreamTableStatus.ACTIVE, Duration.ofSeconds(1));
		this.template.drop(other);
		this.template.createAll(List.of(definition));
		this.template.dropIfExists(other);
		this.template.createAll(List.of(definition));
		this.template.dropAll(List.of(other), false);
		for (String operation : List.of("create", "createIfNotExists", "createOrReplace", "alter", "alterAll", "suspend",
				"resume", "refresh", "refreshIfStale", "refreshAll", "findInfo", "exists", "findAll", "statusSnapshot",
				"stats", "history", "explain", "sources", "dependencyGraph", "cdcHealth", "healthChecks", "version",
				"capabilities", "awaitPopulated", "awaitFresh", "awaitStatus", "drop", "createAll", "dropIfExists",
				"dropAll")) {
			assertThat(this.registry).as(operation).hasAnObservationWithAKeyValue("pgtrickle.operation", operation);
		}
	}

	@Test
	void meterObservationHandlerRecordsATimerPerOperationAndOutcome() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		PgTrickleTemplate timed = new PgTrickleTemplate(this.dataSource);
		timed.setObservationRegistry(observations);
		timed.refresh(TOTALS);
		timed.refresh(TOTALS);
		assertThat(meters.get("pgtrickle.operation")
			.tags("pgtrickle.operation", "refresh", "outcome", "success")
			.timer()
			.count()).isEqualTo(2);
		assertThat(meters.get("pgtrickle.operation").timer().getId().getTags())
			.noneMatch((tag) -> tag.getKey().equals("pgtrickle.stream_table"));
	}

	@Test
	void customConventionReplacesTheDefault() {
		this.template.setObservationConvention(new DefaultPgTrickleObservationConvention() {

			@Override
			public String getName() {
				return "custom.operation";
			}

		});
		this.template.findAll();
		assertThat(this.registry).hasSingleObservationThat().hasNameEqualTo("custom.operation");
	}

}
