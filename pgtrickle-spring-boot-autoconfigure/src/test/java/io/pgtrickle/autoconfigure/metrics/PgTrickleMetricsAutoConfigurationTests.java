package io.pgtrickle.autoconfigure.metrics;

import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.util.ReflectionTestUtils;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.autoconfigure.health.PgTrickleHealthContributorAutoConfiguration;
import io.pgtrickle.autoconfigure.health.PgTrickleHealthIndicator;
import io.pgtrickle.core.StatusSnapshotCache;
import io.pgtrickle.micrometer.MetricsReporterElection;
import io.pgtrickle.micrometer.PgTrickleMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleMetricsAutoConfiguration}.
 */
class PgTrickleMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgTrickleAutoConfiguration.class,
				PgTrickleHealthContributorAutoConfiguration.class, PgTrickleMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("pgtrickle.startup-check.mode=off")
		.withUserConfiguration(DataSourceConfiguration.class);

	@Test
	void bindsTheMetersToTheMeterRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(PgTrickleMetrics.class).hasSingleBean(StatusSnapshotCache.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("pgtrickle.up").gauge()).isNotNull();
			assertThat(registry.find("pgtrickle.stream.tables").gauges()).hasSize(4);
			assertThat(registry.find("pgtrickle.scheduler.running").gauge()).isNotNull();
		});
	}

	@Test
	void theHealthIndicatorSharesTheSnapshotCache() {
		this.contextRunner.withPropertyValues("pgtrickle.health.cache.time-to-live=3s").run((context) -> {
			StatusSnapshotCache cache = context.getBean(StatusSnapshotCache.class);
			assertThat(cache.getTimeToLive()).isEqualTo(Duration.ofSeconds(3));
			assertThat(ReflectionTestUtils.getField(context.getBean(PgTrickleHealthIndicator.class), "statusSnapshots"))
				.isSameAs(cache);
		});
	}

	@Test
	void aHealthCacheOfZeroIsNotSharedAndTheMetersKeepOneSecond() {
		this.contextRunner.withPropertyValues("pgtrickle.health.cache.time-to-live=0").run((context) -> {
			assertThat(context.getBean(StatusSnapshotCache.class).getTimeToLive()).isEqualTo(Duration.ofSeconds(1));
			assertThat(ReflectionTestUtils.getField(context.getBean(PgTrickleHealthIndicator.class), "statusSnapshots"))
				.isNull();
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("pgtrickle.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleMetrics.class)
				.doesNotHaveBean(StatusSnapshotCache.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PgTrickleAutoConfiguration.class, PgTrickleMetricsAutoConfiguration.class))
			.withPropertyValues("pgtrickle.startup-check.mode=off")
			.withUserConfiguration(DataSourceConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PgTrickleMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PgTrickleAutoConfiguration.class, PgTrickleMetricsAutoConfiguration.class))
			.withPropertyValues("pgtrickle.startup-check.mode=off")
			.withUserConfiguration(DataSourceConfiguration.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PgTrickleMetrics.class));
	}

	@Test
	void perTableMetersCanBeSwitchedOffOrLimited() {
		this.contextRunner
			.withPropertyValues("pgtrickle.metrics.stream-tables.include=public.a,sales.b",
					"pgtrickle.metrics.cdc-sources.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PgTrickleMetrics.class));
	}

	@Test
	void rejectsAnUnqualifiedIncludedName() {
		this.contextRunner.withPropertyValues("pgtrickle.metrics.stream-tables.include=orders")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("pgtrickle.metrics.stream-tables.include"));
	}

	@Test
	void backsOffForAUserDefinedBinder() {
		this.contextRunner.withUserConfiguration(UserMetricsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(PgTrickleMetrics.class).hasBean("myMetrics"));
	}

	@Test
	void noElectionByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(MetricsReporterElection.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("pgtrickle.reporter").gauge()).isNotNull();
		});
	}

	@Test
	void electionDecidesWhetherTheMetersReport() {
		this.contextRunner
			.withPropertyValues("pgtrickle.metrics.election.enabled=true", "pgtrickle.metrics.election.name=orders",
					"pgtrickle.metrics.election.interval=1m")
			.run((context) -> {
				MetricsReporterElection election = context.getBean(MetricsReporterElection.class);
				assertThat(election.getName()).isEqualTo("orders");
				assertThat(election.isRunning()).isTrue();
				assertThat(ReflectionTestUtils.getField(election, "interval")).isEqualTo(Duration.ofMinutes(1));
				assertThat(ReflectionTestUtils.getField(context.getBean(PgTrickleMetrics.class), "reporting"))
					.isSameAs(election);
			});
	}

	@Test
	void electionIsNamedAfterTheApplication() {
		this.contextRunner
			.withPropertyValues("pgtrickle.metrics.election.enabled=true", "spring.application.name=billing")
			.run((context) -> assertThat(context.getBean(MetricsReporterElection.class).getName()).isEqualTo("billing"));
		this.contextRunner.withPropertyValues("pgtrickle.metrics.election.enabled=true")
			.run((context) -> assertThat(context.getBean(MetricsReporterElection.class).getName())
				.isEqualTo("application"));
	}

	@Test
	void electionBacksOffForAUserDefinedElection() {
		this.contextRunner.withPropertyValues("pgtrickle.metrics.election.enabled=true")
			.withUserConfiguration(UserElectionConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(MetricsReporterElection.class).hasBean("myElection");
				assertThat(ReflectionTestUtils.getField(context.getBean(PgTrickleMetrics.class), "reporting"))
					.isSameAs(context.getBean("myElection"));
			});
	}

	@Test
	void noElectionWithoutSpringBootJdbc() {
		this.contextRunner.withPropertyValues("pgtrickle.metrics.election.enabled=true")
			.withClassLoader(new FilteredClassLoader(JdbcConnectionDetails.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PgTrickleMetrics.class)
				.doesNotHaveBean(MetricsReporterElection.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class DataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource(new Driver(), "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1",
					"nobody", "");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserElectionConfiguration {

		@Bean
		MetricsReporterElection myElection(DataSource dataSource) {
			return new MetricsReporterElection(dataSource, "mine");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		@Bean
		PgTrickleMetrics myMetrics(StatusSnapshotCache cache) {
			return new PgTrickleMetrics(cache, java.util.List.of());
		}

	}

}
