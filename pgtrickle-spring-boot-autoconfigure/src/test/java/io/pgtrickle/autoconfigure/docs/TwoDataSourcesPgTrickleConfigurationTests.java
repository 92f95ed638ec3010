package io.pgtrickle.autoconfigure.docs;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.autoconfigure.PgTrickleStartupCheck;
import io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpoint;
import io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpointAutoConfiguration;
import io.pgtrickle.autoconfigure.health.PgTrickleHealthContributorAutoConfiguration;
import io.pgtrickle.autoconfigure.health.PgTrickleHealthIndicator;
import io.pgtrickle.core.PgTrickleTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TwoDataSourcesPgTrickleConfiguration}: what docs/multiple-datasources.md promises.
 */
class TwoDataSourcesPgTrickleConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgTrickleAutoConfiguration.class,
				PgTrickleHealthContributorAutoConfiguration.class, PgTrickleEndpointAutoConfiguration.class))
		.withUserConfiguration(TwoDataSources.class, TwoDataSourcesPgTrickleConfiguration.class)
		.withPropertyValues("pgtrickle.startup-check.mode=off", "management.endpoints.web.exposure.include=pgtrickle");

	@Test
	void eachDatabaseHasATemplate() {
		this.contextRunner.run((context) -> {
			assertThat(context).getBeans(PgTrickleTemplate.class).hasSize(2);
			assertThat(context.getBean("reportingPgTrickleTemplate", PgTrickleTemplate.class).getJdbcTemplate()
				.getDataSource()).isSameAs(context.getBean("reportingDataSource"));
		});
	}

	@Test
	void endpointAndStartupCheckFollowThePrimaryTemplate() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PgTrickleEndpoint.class).hasSingleBean(PgTrickleStartupCheck.class);
			assertThat(context.getBean(PgTrickleEndpoint.class)).extracting("operations")
				.isSameAs(context.getBean("pgTrickleTemplate"));
		});
	}

	@Test
	void healthHasOneEntryPerDatabase() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(PgTrickleHealthIndicator.class);
			HealthContributor contributor = context.getBean("pgtrickleHealthContributor", HealthContributor.class);
			assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
			CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
			assertThat(composite.getContributor("primary")).isInstanceOf(PgTrickleHealthIndicator.class);
			assertThat(composite.getContributor("reporting")).isInstanceOf(PgTrickleHealthIndicator.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		@Primary
		DataSource dataSource() {
			return new SimpleDriverDataSource();
		}

		@Bean
		DataSource reportingDataSource() {
			return new SimpleDriverDataSource();
		}

	}

}
