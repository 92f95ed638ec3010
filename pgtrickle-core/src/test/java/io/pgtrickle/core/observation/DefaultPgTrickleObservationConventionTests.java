package io.pgtrickle.core.observation;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.observation.PgTrickleObservationContext.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultPgTrickleObservationConvention}.
 */
class DefaultPgTrickleObservationConventionTests {

	private final DefaultPgTrickleObservationConvention convention = new DefaultPgTrickleObservationConvention();

	@Test
	void nameAndContextualName() {
		PgTrickleObservationContext context = new PgTrickleObservationContext("refresh", null);
		assertThat(this.convention.getName()).isEqualTo("pgtrickle.operation");
		assertThat(this.convention.getContextualName(context)).isEqualTo("pgtrickle refresh");
		assertThat(this.convention.supportsContext(context)).isTrue();
	}

	@Test
	void lowCardinalityKeysAreOperationAndOutcome() {
		PgTrickleObservationContext context = new PgTrickleObservationContext("refresh", StreamTableName.of("s.t"));
		assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactly(
				KeyValue.of("outcome", "success"), KeyValue.of("pgtrickle.operation", "refresh"));
		context.setOutcome(Outcome.SKIPPED);
		assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("outcome", "skipped"));
	}

	@Test
	void errorOutcomeWinsOverTheSetOutcome() {
		PgTrickleObservationContext context = new PgTrickleObservationContext("create", null);
		context.setOutcome(Outcome.SKIPPED);
		context.setError(new IllegalStateException());
		assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("outcome", "error"));
	}

	@Test
	void streamTableIsHighCardinality() {
		PgTrickleObservationContext context = new PgTrickleObservationContext("refresh", StreamTableName.of("s.t"));
		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("pgtrickle.stream_table", "s.t"));
		assertThat(this.convention.getHighCardinalityKeyValues(new PgTrickleObservationContext("findAll", null)))
			.containsExactly(KeyValue.of("pgtrickle.stream_table", "none"));
	}

}
