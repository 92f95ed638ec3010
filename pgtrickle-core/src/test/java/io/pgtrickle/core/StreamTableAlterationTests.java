package io.pgtrickle.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StreamTableAlteration}.
 */
class StreamTableAlterationTests {

	@Test
	void emptyAlterationIsEmpty() {
		assertThat(StreamTableAlteration.builder().build().isEmpty()).isTrue();
	}

	@Test
	void factoriesSetOneOption() {
		assertThat(StreamTableAlteration.ofSchedule(Schedule.parse("1m")).schedule()).isEqualTo(Schedule.parse("1m"));
		assertThat(StreamTableAlteration.ofRefreshMode(RefreshMode.FULL).refreshMode()).isEqualTo(RefreshMode.FULL);
		assertThat(StreamTableAlteration.ofQuery("SELECT 2").query()).isEqualTo("SELECT 2");
		assertThat(StreamTableAlteration.ofStatus(StreamTableStatus.SUSPENDED).status())
			.isEqualTo(StreamTableStatus.SUSPENDED);
		assertThat(StreamTableAlteration.ofStatus(StreamTableStatus.SUSPENDED).isEmpty()).isFalse();
	}

	@Test
	void builderSetsEveryOption() {
		StreamTableAlteration alteration = StreamTableAlteration.builder()
			.query("SELECT 1")
			.schedule(Schedule.calculated())
			.refreshMode(RefreshMode.AUTO)
			.status(StreamTableStatus.ACTIVE)
			.diamondConsistency(DiamondConsistency.ATOMIC)
			.diamondSchedulePolicy(DiamondSchedulePolicy.FASTEST)
			.cdcMode(CdcMode.WAL)
			.appendOnly(false)
			.poolerCompatibilityMode(false)
			.tier(RefreshTier.COLD)
			.fuse("auto")
			.fuseCeiling(10L)
			.fuseSensitivity(2)
			.partitionBy("")
			.maxDifferentialJoins(0)
			.maxDeltaFraction(0.0)
			.postRefreshAction("analyze")
			.reindexDriftThreshold(0.5)
			.targetFreshness("manual")
			.build();
		assertThat(alteration.isEmpty()).isFalse();
		assertThat(alteration.tier()).isEqualTo(RefreshTier.COLD);
		assertThat(alteration.partitionBy()).isEmpty();
		assertThat(alteration.fuseCeiling()).isEqualTo(10L);
		assertThat(alteration.withRefreshMode(RefreshMode.FULL).refreshMode()).isEqualTo(RefreshMode.FULL);
		assertThat(alteration.withRefreshMode(RefreshMode.FULL).tier()).isEqualTo(RefreshTier.COLD);
	}

	@Test
	void builderRejectsValuesOnlyReadFromTheServer() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableAlteration.builder().status(StreamTableStatus.UNKNOWN));
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableAlteration.builder().tier(RefreshTier.UNKNOWN));
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableAlteration.builder().cdcMode(CdcMode.TRANSITIONING));
	}

	@Test
	void builderRejectsOutOfRangeNumbers() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableAlteration.builder().reindexDriftThreshold(0.0));
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableAlteration.builder().reindexDriftThreshold(1.5));
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableAlteration.builder().fuseCeiling(0L));
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableAlteration.builder().fuseSensitivity(-1));
	}

	@Test
	void builderRejectsEmptyQuery() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> StreamTableAlteration.builder().query(""));
	}

}
