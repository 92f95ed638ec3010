package io.pgtrickle.core;

import java.time.Duration;
import java.util.Arrays;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PgTrickleTemplate} that need no database.
 */
class PgTrickleTemplateTests {

	private final PgTrickleTemplate template = new PgTrickleTemplate(new DriverManagerDataSource("jdbc:postgresql:none"));

	@Test
	void createWithJdbcTemplateUsesIt() {
		JdbcTemplate jdbcTemplate = new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql:none"));
		assertThat(new PgTrickleTemplate(jdbcTemplate).getJdbcTemplate()).isSameAs(jdbcTemplate);
	}

	@Test
	void createWithJdbcTemplateWithoutDataSourceThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PgTrickleTemplate(new JdbcTemplate()))
			.withMessageContaining("DataSource");
	}

	@Test
	void settersRejectNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.template.setObservationRegistry(null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.template.setExceptionTranslator(null));
		this.template.setObservationRegistry(ObservationRegistry.NOOP);
		this.template.setObservationConvention(null);
	}

	@Test
	void operationsRejectNullArgumentsBeforeConnecting() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.template.refresh(null))
			.withMessageContaining("'name' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.template.create(null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.template.alter(StreamTableName.of("t"), null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.template.refreshAll(Arrays.asList(StreamTableName.of("t"), null)));
	}

	@Test
	void waitsRejectNegativeDurationsBeforeConnecting() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.template.awaitPopulated(StreamTableName.of("t"), Duration.ofSeconds(-1)))
			.withMessageContaining("'timeout' must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.template.refreshIfStale(StreamTableName.of("t"), Duration.ofSeconds(-1)))
			.withMessageContaining("'maxAge'");
	}

	@Test
	void historyRejectsNonPositiveLimitBeforeConnecting() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> this.template.history(StreamTableName.of("t"), -1));
	}

}
