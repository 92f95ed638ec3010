package io.pgtrickle.autoconfigure.health;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.autoconfigure.PgTrickleProperties;
import io.pgtrickle.core.PgTrickleTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleHealthContributorAutoConfiguration}.
 */
class PgTrickleHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgTrickleAutoConfiguration.class,
				PgTrickleHealthContributorAutoConfiguration.class))
		.withPropertyValues("pgtrickle.startup-check.mode=off");

	@Test
	void createsTheIndicatorNamedPgtrickle() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(PgTrickleHealthIndicator.class)
				.hasBean("pgtrickleHealthIndicator"));
	}

	@Test
	void backsOffWithoutADataSource() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleHealthIndicator.class));
	}

	@Test
	void backsOffWithoutPgTrickleSupport() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleHealthIndicator.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("management.health.pgtrickle.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleHealthIndicator.class));
	}

	@Test
	void backsOffWhenDefaultHealthIndicatorsAreDisabled() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleHealthIndicator.class));
	}

	@Test
	void backsOffWithoutActuatorHealth() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PgTrickleTemplate.class)
				.doesNotHaveBean(PgTrickleHealthIndicator.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheIndicator() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, UserIndicatorConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleHealthIndicator.class)
				.hasBean("pgtrickleHealthIndicator"));
	}

	@Test
	void bindsTheFreshnessThresholdsOfStreamTables() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.health.freshness.threshold=5m",
					"pgtrickle.health.freshness.tables[public.order_totals]=30s",
					"pgtrickle.health.freshness.tables[reporting.daily_revenue]=2h")
			.run((context) -> {
				assertThat(context).hasSingleBean(PgTrickleHealthIndicator.class);
				PgTrickleProperties.Health.Freshness freshness = context.getBean(PgTrickleProperties.class)
					.getHealth()
					.getFreshness();
				assertThat(freshness.getThreshold()).isEqualTo(Duration.ofMinutes(5));
				assertThat(freshness.getTables()).containsEntry("public.order_totals", Duration.ofSeconds(30))
					.containsEntry("reporting.daily_revenue", Duration.ofHours(2));
			});
	}

	@Test
	void failsOnAStreamTableNameWithoutSchema() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.health.freshness.tables.order_totals=30s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("order_totals")
				.hasMessageContaining("public.order_totals"));
	}

	@Test
	void failsOnAMalformedStreamTableName() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.health.freshness.tables[Public.Orders]=30s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("upper-case"));
	}

	@Configuration(proxyBeanMethods = false)
	static class DataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		@Bean
		HealthIndicator pgtrickleHealthIndicator() {
			return () -> org.springframework.boot.health.contributor.Health.status(Status.UP).build();
		}

	}

}
