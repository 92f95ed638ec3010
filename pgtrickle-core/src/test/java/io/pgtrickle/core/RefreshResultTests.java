package io.pgtrickle.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RefreshResult}.
 */
class RefreshResultTests {

	private static final StreamTableName NAME = StreamTableName.of("public.totals");

	@Test
	void orThrowReturnsRefreshedAndFreshResults() {
		RefreshResult refreshed = new RefreshResult(NAME, RefreshResult.Outcome.REFRESHED, null);
		assertThat(refreshed.orThrow()).isSameAs(refreshed);
		assertThat(refreshed.isRefreshed()).isTrue();
		RefreshResult fresh = new RefreshResult(NAME, RefreshResult.Outcome.FRESH, null);
		assertThat(fresh.orThrow()).isSameAs(fresh);
		assertThat(fresh.isRefreshed()).isFalse();
		assertThat(fresh.isSkipped()).isFalse();
	}

	@Test
	void orThrowWhenSkippedThrowsRefreshSkippedException() {
		RefreshResult skipped = new RefreshResult(NAME, RefreshResult.Outcome.SKIPPED,
				"refresh skipped: public.totals — another refresh is already in progress");
		assertThat(skipped.isSkipped()).isTrue();
		assertThatExceptionOfType(RefreshSkippedException.class).isThrownBy(skipped::orThrow)
			.withMessageContaining("public.totals was skipped")
			.withMessageContaining("awaitFresh")
			.satisfies((ex) -> assertThat(ex.getStreamTable()).isEqualTo(NAME));
	}

}
