package io.pgtrickle.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.pgtrickle.autoconfigure.PgTrickleStartupCheckException.Problem;
import io.pgtrickle.core.PgTrickleVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleStartupCheckFailureAnalyzer}.
 */
class PgTrickleStartupCheckFailureAnalyzerTests {

	private final PgTrickleStartupCheckFailureAnalyzer analyzer = new PgTrickleStartupCheckFailureAnalyzer();

	@Test
	void missingExtensionExplainsHowToPreloadAndCreateIt() {
		FailureAnalysis analysis = analyze(new PgTrickleStartupCheckException("missing", Problem.NOT_INSTALLED, null,
				List.of(), null));
		assertThat(analysis.getDescription()).contains("pg_trickle is not installed");
		assertThat(analysis.getAction()).contains("shared_preload_libraries", "restart PostgreSQL",
				"CREATE EXTENSION pg_trickle;", "0.67.0 or later", "pgtrickle.startup-check.mode");
	}

	@Test
	void oldVersionNamesTheVersionNeeded() {
		FailureAnalysis analysis = analyze(new PgTrickleStartupCheckException("old", Problem.UNSUPPORTED_VERSION,
				PgTrickleVersion.parse("0.60.1"), List.of(), null));
		assertThat(analysis.getDescription()).contains("pg_trickle 0.60.1 is installed", "0.67.0 or later");
		assertThat(analysis.getAction()).contains("ALTER EXTENSION pg_trickle UPDATE;");
	}

	@Test
	void missingFunctionsAreListed() {
		FailureAnalysis analysis = analyze(new PgTrickleStartupCheckException("functions",
				Problem.MISSING_FUNCTIONS, PgTrickleVersion.parse("0.67.0"),
				List.of("refresh_stream_table", "list_sources"), null));
		assertThat(analysis.getDescription()).contains("refresh_stream_table, list_sources");
		assertThat(analysis.getAction()).contains("ALTER EXTENSION pg_trickle UPDATE;");
	}

	private FailureAnalysis analyze(PgTrickleStartupCheckException failure) {
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("pgTrickleStartupCheck", "Init failed", failure));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(failure);
		return analysis;
	}

}
