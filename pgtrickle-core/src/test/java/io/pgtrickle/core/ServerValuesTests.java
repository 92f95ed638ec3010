package io.pgtrickle.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the lenient parsing of the values pg_trickle returns ({@link ServerValues} and the
 * {@code from} methods of the enums).
 */
class ServerValuesTests {

	@Test
	void refreshModeIsParsedCaseInsensitively() {
		assertThat(RefreshMode.from("DIFFERENTIAL")).isEqualTo(RefreshMode.DIFFERENTIAL);
		assertThat(RefreshMode.from("full")).isEqualTo(RefreshMode.FULL);
		assertThat(RefreshMode.from(" Immediate ")).isEqualTo(RefreshMode.IMMEDIATE);
	}

	@Test
	void refreshModeAliasIncrementalIsDifferential() {
		assertThat(RefreshMode.from("INCREMENTAL")).isEqualTo(RefreshMode.DIFFERENTIAL);
	}

	@Test
	void unknownValuesFromANewerServerAreUnknown() {
		assertThat(RefreshMode.from("STREAMING")).isEqualTo(RefreshMode.UNKNOWN);
		assertThat(RefreshMode.from(null)).isEqualTo(RefreshMode.UNKNOWN);
		assertThat(StreamTableStatus.from("PAUSED")).isEqualTo(StreamTableStatus.UNKNOWN);
		assertThat(CdcMode.from("DUCKLAKE_CHANGE_FEED")).isEqualTo(CdcMode.UNKNOWN);
		assertThat(RefreshTier.from("lukewarm")).isEqualTo(RefreshTier.UNKNOWN);
		assertThat(SourceType.from("SEQUENCE")).isEqualTo(SourceType.UNKNOWN);
		assertThat(HealthCheck.Severity.from("CRITICAL")).isEqualTo(HealthCheck.Severity.UNKNOWN);
	}

	@Test
	void unknownIsNeverMatchedByName() {
		assertThat(RefreshMode.from("UNKNOWN")).isEqualTo(RefreshMode.UNKNOWN);
		assertThat(StreamTableStatus.from("unknown")).isEqualTo(StreamTableStatus.UNKNOWN);
	}

	@Test
	void statusValuesAreParsed() {
		assertThat(StreamTableStatus.from("ACTIVE")).isEqualTo(StreamTableStatus.ACTIVE);
		assertThat(StreamTableStatus.from("INITIALIZING")).isEqualTo(StreamTableStatus.INITIALIZING);
		assertThat(StreamTableStatus.from("SUSPENDED").isHalted()).isTrue();
		assertThat(StreamTableStatus.from("ERROR").isHalted()).isTrue();
		assertThat(StreamTableStatus.ACTIVE.isHalted()).isFalse();
	}

	@Test
	void cdcModesAreParsedInEitherCase() {
		assertThat(CdcMode.from("wal")).isEqualTo(CdcMode.WAL);
		assertThat(CdcMode.from("TRIGGER")).isEqualTo(CdcMode.TRIGGER);
		assertThat(CdcMode.from("TRANSITIONING")).isEqualTo(CdcMode.TRANSITIONING);
		assertThat(CdcMode.from("auto")).isEqualTo(CdcMode.AUTO);
	}

	@Test
	void healthSeverityWarningIsWarn() {
		assertThat(HealthCheck.Severity.from("WARNING")).isEqualTo(HealthCheck.Severity.WARN);
		assertThat(HealthCheck.Severity.from("WARN")).isEqualTo(HealthCheck.Severity.WARN);
		assertThat(HealthCheck.Severity.from("OK")).isEqualTo(HealthCheck.Severity.OK);
	}

	@Test
	void tiersAndSourceTypesAreParsed() {
		assertThat(RefreshTier.from("frozen")).isEqualTo(RefreshTier.FROZEN);
		assertThat(SourceType.from("STREAM_TABLE")).isEqualTo(SourceType.STREAM_TABLE);
	}

}
