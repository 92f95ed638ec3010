package io.pgtrickle.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StreamTableDefinition}.
 */
class StreamTableDefinitionTests {

	@Test
	void builderLeavesOptionsUnset() {
		StreamTableDefinition definition = StreamTableDefinition.builder("public.totals", "SELECT 1 AS one").build();
		assertThat(definition.name()).isEqualTo(StreamTableName.of("public.totals"));
		assertThat(definition.query()).isEqualTo("SELECT 1 AS one");
		assertThat(definition.schedule()).isNull();
		assertThat(definition.refreshMode()).isNull();
		assertThat(definition.initialize()).isNull();
		assertThat(definition.cdcMode()).isNull();
		assertThat(definition.appendOnly()).isNull();
		assertThat(definition.fillfactor()).isNull();
	}

	@Test
	void builderSetsEveryOption() {
		StreamTableDefinition definition = StreamTableDefinition.builder("public.totals", "SELECT 1 AS one")
			.schedule(Schedule.parse("5m"))
			.refreshMode(RefreshMode.FULL)
			.initialize(false)
			.diamondConsistency(DiamondConsistency.NONE)
			.diamondSchedulePolicy(DiamondSchedulePolicy.SLOWEST)
			.cdcMode(CdcMode.TRIGGER)
			.appendOnly(true)
			.poolerCompatibilityMode(true)
			.partitionBy("one")
			.maxDifferentialJoins(3)
			.maxDeltaFraction(0.5)
			.outputDistributionColumn("one")
			.temporal(true)
			.storageBackend("heap")
			.fillfactor(90)
			.targetFreshness("5 seconds")
			.orchestrationMode("MANAGED")
			.build();
		assertThat(definition.schedule()).isEqualTo(Schedule.parse("5m"));
		assertThat(definition.refreshMode()).isEqualTo(RefreshMode.FULL);
		assertThat(definition.initialize()).isFalse();
		assertThat(definition.diamondConsistency()).isEqualTo(DiamondConsistency.NONE);
		assertThat(definition.diamondSchedulePolicy()).isEqualTo(DiamondSchedulePolicy.SLOWEST);
		assertThat(definition.cdcMode()).isEqualTo(CdcMode.TRIGGER);
		assertThat(definition.appendOnly()).isTrue();
		assertThat(definition.poolerCompatibilityMode()).isTrue();
		assertThat(definition.partitionBy()).isEqualTo("one");
		assertThat(definition.maxDifferentialJoins()).isEqualTo(3);
		assertThat(definition.maxDeltaFraction()).isEqualTo(0.5);
		assertThat(definition.outputDistributionColumn()).isEqualTo("one");
		assertThat(definition.temporal()).isTrue();
		assertThat(definition.storageBackend()).isEqualTo("heap");
		assertThat(definition.fillfactor()).isEqualTo(90);
		assertThat(definition.targetFreshness()).isEqualTo("5 seconds");
		assertThat(definition.orchestrationMode()).isEqualTo("MANAGED");
		assertThat(definition.toBuilder().build()).isEqualTo(definition).hasSameHashCodeAs(definition);
	}

	@Test
	void builderWithEmptyQueryThrowsNamingTheStreamTable() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableDefinition.builder("public.totals", "  "))
			.withMessageContaining("public.totals")
			.withMessageContaining("must not be empty");
	}

	@Test
	void builderWithInvalidNameThrows() {
		assertThatExceptionOfType(InvalidStreamTableNameException.class)
			.isThrownBy(() -> StreamTableDefinition.builder("public.Totals", "SELECT 1"));
	}

	@Test
	void builderRejectsObservedOnlyCdcModes() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableDefinition.builder("t", "SELECT 1").cdcMode(CdcMode.TRANSITIONING))
			.withMessageContaining("Stream table t")
			.withMessageContaining("AUTO, TRIGGER or WAL");
	}

	@Test
	void builderRejectsUnknownRefreshMode() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableDefinition.builder("t", "SELECT 1").refreshMode(RefreshMode.UNKNOWN));
	}

	@Test
	void builderRejectsNegativeLimits() {
		StreamTableDefinition.Builder builder = StreamTableDefinition.builder("t", "SELECT 1");
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> builder.maxDifferentialJoins(-1));
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> builder.maxDeltaFraction(Double.NaN));
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> builder.maxDeltaFraction(-0.1));
	}

	@Test
	void builderRejectsBlankTextOptions() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableDefinition.builder("t", "SELECT 1").partitionBy(" "))
			.withMessageContaining("partitionBy must not be blank");
	}

	@Test
	void withNameReplacesOnlyTheName() {
		StreamTableDefinition definition = StreamTableDefinition.builder("totals", "SELECT 1")
			.schedule(Schedule.parse("1h"))
			.build();
		StreamTableDefinition qualified = definition.withName(StreamTableName.of("public.totals"));
		assertThat(qualified.name()).isEqualTo(StreamTableName.of("public.totals"));
		assertThat(qualified.schedule()).isEqualTo(Schedule.parse("1h"));
	}

}
