package io.pgtrickle.autoconfigure;

import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.pgtrickle.autoconfigure.PgTrickleProperties.StartupCheck.Mode;
import io.pgtrickle.autoconfigure.PgTrickleStartupCheckException.Problem;
import io.pgtrickle.core.ExtensionNotInstalledException;
import io.pgtrickle.core.HealthCheck;
import io.pgtrickle.core.PgTrickleCapabilities;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.PgTrickleVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link PgTrickleAutoConfiguration}.
 */
class PgTrickleAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgTrickleAutoConfiguration.class))
		.withPropertyValues("pgtrickle.startup-check.mode=off");

	@Test
	void backsOffWithoutADataSource() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleOperations.class)
			.doesNotHaveBean(PgTrickleStartupCheck.class)
			.doesNotHaveBean(PgTrickleProperties.class));
	}

	@Test
	void backsOffWithoutPgTrickleClasses() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withClassLoader(new FilteredClassLoader(PgTrickleTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleOperations.class)
				.doesNotHaveBean(PgTrickleStartupCheck.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleOperations.class)
				.doesNotHaveBean(PgTrickleStartupCheck.class));
	}

	@Test
	void createsATemplateOnTheDataSource() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PgTrickleTemplate.class).hasSingleBean(PgTrickleStartupCheck.class);
			assertThat(context.getBean(PgTrickleTemplate.class).getJdbcTemplate().getDataSource())
				.isSameAs(context.getBean(DataSource.class));
		});
	}

	@Test
	void followsThePrimaryDataSourceWhenThereAreSeveral() {
		this.contextRunner.withUserConfiguration(TwoDataSourcesConfiguration.class, PrimaryDataSourceConfiguration.class)
			.run((context) -> assertThat(context.getBean(PgTrickleTemplate.class).getJdbcTemplate().getDataSource())
				.isSameAs(context.getBean("primaryDataSource")));
	}

	@Test
	void backsOffWhenThereAreSeveralDataSourcesAndNoneIsPrimary() {
		this.contextRunner.withUserConfiguration(TwoDataSourcesConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleOperations.class));
	}

	@Test
	void backsOffWhenTheUserDefinesOperations() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, UserOperationsConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(PgTrickleOperations.class).doesNotHaveBean(PgTrickleTemplate.class);
				assertThat(context).hasSingleBean(PgTrickleStartupCheck.class);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesAStartupCheck() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, UserStartupCheckConfiguration.class)
			.run((context) -> assertThat(context).getBean(PgTrickleStartupCheck.class)
				.isSameAs(context.getBean("userStartupCheck")));
	}

	@Test
	void appliesTheObservationRegistry() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.run((context) -> assertThat(context.getBean(PgTrickleTemplate.class))
				.extracting("observationRegistry")
				.isSameAs(context.getBean(ObservationRegistry.class)));
	}

	@Test
	void startupCheckFailsTheApplicationWhenTheExtensionIsMissing() {
		PgTrickleOperations operations = mock(PgTrickleOperations.class);
		given(operations.capabilities()).willThrow(new ExtensionNotInstalledException("not installed", null, null));
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withBean(PgTrickleOperations.class, () -> operations)
			.withPropertyValues("pgtrickle.startup-check.mode=fail")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.cause()
				.isInstanceOfSatisfying(PgTrickleStartupCheckException.class, (ex) -> {
					assertThat(ex.getProblem()).isEqualTo(Problem.NOT_INSTALLED);
					assertThat(ex).hasCauseInstanceOf(ExtensionNotInstalledException.class);
				}));
	}

	@Test
	void startupCheckFailsByDefault() {
		PgTrickleOperations operations = mock(PgTrickleOperations.class);
		given(operations.capabilities()).willReturn(capabilities("0.66.9", PgTrickleStartupCheck.REQUIRED_FUNCTIONS));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PgTrickleAutoConfiguration.class))
			.withUserConfiguration(DataSourceConfiguration.class)
			.withBean(PgTrickleOperations.class, () -> operations)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.cause()
				.isInstanceOfSatisfying(PgTrickleStartupCheckException.class,
						(ex) -> assertThat(ex.getProblem()).isEqualTo(Problem.UNSUPPORTED_VERSION)));
	}

	@Test
	void startupCheckLogsAndStartsInWarnMode() {
		PgTrickleOperations operations = mock(PgTrickleOperations.class);
		given(operations.capabilities()).willThrow(new ExtensionNotInstalledException("not installed", null, null));
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withBean(PgTrickleOperations.class, () -> operations)
			.withPropertyValues("pgtrickle.startup-check.mode=warn")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PgTrickleStartupCheck.class));
	}

	@Test
	void startupCheckDoesNotTouchTheDatabaseWhenOff() {
		PgTrickleOperations operations = mock(PgTrickleOperations.class);
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withBean(PgTrickleOperations.class, () -> operations)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				verifyNoInteractions(operations);
			});
	}

	@Test
	void startupCheckPassesWithASupportedExtension() {
		PgTrickleOperations operations = mock(PgTrickleOperations.class);
		given(operations.capabilities()).willReturn(capabilities("0.67.0", PgTrickleStartupCheck.REQUIRED_FUNCTIONS));
		given(operations.healthChecks())
			.willReturn(List.of(new HealthCheck("scheduler_running", HealthCheck.Severity.OK, null)));
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withBean(PgTrickleOperations.class, () -> operations)
			.withPropertyValues("pgtrickle.startup-check.mode=fail")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startupCheckDoesNotFailWhenTheSchedulerCannotBeChecked() {
		PgTrickleOperations operations = mock(PgTrickleOperations.class);
		given(operations.capabilities()).willReturn(capabilities("0.67.0", PgTrickleStartupCheck.REQUIRED_FUNCTIONS));
		given(operations.healthChecks()).willThrow(new DataAccessResourceFailureException("permission denied"));
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withBean(PgTrickleOperations.class, () -> operations)
			.withPropertyValues("pgtrickle.startup-check.mode=fail")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startupCheckReportsMissingFunctions() {
		PgTrickleOperations operations = mock(PgTrickleOperations.class);
		given(operations.capabilities()).willReturn(capabilities("0.67.0", List.of("create_stream_table")));
		PgTrickleStartupCheck check = new PgTrickleStartupCheck(operations, Mode.FAIL);
		PgTrickleStartupCheckException failure = catchThrowableOfType(PgTrickleStartupCheckException.class,
				check::afterPropertiesSet);
		assertThat(failure.getProblem()).isEqualTo(Problem.MISSING_FUNCTIONS);
		assertThat(failure.getMissingFunctions()).contains("refresh_stream_table", "alter_stream_table")
			.doesNotContain("create_stream_table");
		assertThat(failure.getInstalledVersion()).hasToString("0.67.0");
	}

	private static PgTrickleCapabilities capabilities(String version, List<String> functions) {
		return new PgTrickleCapabilities(PgTrickleVersion.parse(version), Set.of("name", "query"), Set.of("name"),
				Set.of("name"), Set.copyOf(functions));
	}

	@Configuration(proxyBeanMethods = false)
	static class DataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean
		DataSource ordersDataSource() {
			return new SimpleDriverDataSource();
		}

		@Bean
		DataSource reportingDataSource() {
			return new SimpleDriverDataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryDataSourceConfiguration {

		@Bean
		@Primary
		DataSource primaryDataSource() {
			return new SimpleDriverDataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserOperationsConfiguration {

		@Bean
		PgTrickleOperations userOperations() {
			return mock(PgTrickleOperations.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStartupCheckConfiguration {

		@Bean
		PgTrickleStartupCheck userStartupCheck() {
			return new PgTrickleStartupCheck(mock(PgTrickleOperations.class), Mode.OFF);
		}

	}

}
