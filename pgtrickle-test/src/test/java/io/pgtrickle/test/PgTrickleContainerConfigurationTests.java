package io.pgtrickle.test;

import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for how {@link PgTrickleContainer} is configured; they need no Docker engine.
 */
class PgTrickleContainerConfigurationTests {

	@Test
	void configuredImageIsThePinnedReleaseUnlessOverridden() {
		assertThat(PgTrickleContainer.configuredImage().asCanonicalNameString())
			.isEqualTo("ghcr.io/trickle-labs/pg_trickle:0.108.3-pg18.3");
	}

	@Test
	void configuredImageFollowsTheSystemProperty() {
		System.setProperty("pgtrickle.test.image", "ghcr.io/trickle-labs/pg_trickle:" + PgTrickleContainer.TAG_0_67);
		try {
			assertThat(PgTrickleContainer.configuredImage().getVersionPart()).isEqualTo("0.67.0-pg18.3");
		}
		finally {
			System.clearProperty("pgtrickle.test.image");
		}
	}

	@Test
	void commandPreloadsTheLibrary() {
		PgTrickleContainer container = new PgTrickleContainer();
		assertThat(container.getCommandParts()).containsSubsequence("-c", "shared_preload_libraries=pg_trickle");
	}

	@Test
	void anyImageIsAcceptedAsASubstituteForPostgres() {
		assertThatNoException()
			.isThrownBy(() -> new PgTrickleContainer(DockerImageName.parse("example.org/custom/pg:1")));
		assertThatNoException().isThrownBy(() -> new PgTrickleContainer(PgTrickleContainer.TAG_0_67));
	}

}
