package io.pgtrickle.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PgTrickleVersion}.
 */
class PgTrickleVersionTests {

	@Test
	void parseReadsThreeNumbers() {
		PgTrickleVersion version = PgTrickleVersion.parse("0.67.0");
		assertThat(version.major()).isZero();
		assertThat(version.minor()).isEqualTo(67);
		assertThat(version.patch()).isZero();
		assertThat(version).hasToString("0.67.0");
	}

	@Test
	void versionsCompareNumerically() {
		assertThat(PgTrickleVersion.parse("0.108.3")).isGreaterThan(PgTrickleVersion.parse("0.99.0"));
		assertThat(PgTrickleVersion.parse("0.108.3").isAtLeast(0, 86, 0)).isTrue();
		assertThat(PgTrickleVersion.parse("0.67.0").isAtLeast(0, 73, 0)).isFalse();
		assertThat(PgTrickleVersion.parse("0.67.0").isAtLeast(0, 67, 0)).isTrue();
	}

	@Test
	void parseToleratesMissingPartsAndSuffixes() {
		assertThat(PgTrickleVersion.parse("1.2").patch()).isZero();
		assertThat(PgTrickleVersion.parse("0.109.0-dev").minor()).isEqualTo(109);
		assertThat(PgTrickleVersion.parse("0.109.0-dev").text()).isEqualTo("0.109.0-dev");
	}

	@Test
	void parseRejectsNonVersions() {
		assertThatIllegalArgumentException().isThrownBy(() -> PgTrickleVersion.parse("dev"));
	}

}
