package io.pgtrickle.autoconfigure.jpa;

import java.util.HashMap;
import java.util.Map;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionImplementor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;

import io.pgtrickle.autoconfigure.jpa.PgTrickleJpaProperties.StartupCheck.Mode;
import io.pgtrickle.jpa.StreamTable;
import io.pgtrickle.jpa.StreamTableExceptionTranslator;
import io.pgtrickle.jpa.hibernate.StreamTableSchemaFilterProvider;
import io.pgtrickle.jpa.hibernate.StreamTableSqmTranslatorFactory;
import io.pgtrickle.jpa.repository.StreamTableRepositoryPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link PgTrickleJpaAutoConfiguration}.
 */
class PgTrickleJpaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgTrickleJpaAutoConfiguration.class));

	@Test
	void registersTheHibernateSettingsTheTranslatorAndTheRepositoryPostProcessor() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(StreamTableHibernatePropertiesCustomizer.class)
			.hasSingleBean(StreamTableExceptionTranslator.class)
			.hasSingleBean(StreamTableRepositoryPostProcessor.class)
			.doesNotHaveBean(StreamTableStartupCheck.class));
	}

	@Test
	void customizerInstallsTheSchemaFilterAndTheTranslator() {
		this.contextRunner.run((context) -> {
			Map<String, Object> properties = new HashMap<>();
			context.getBean(StreamTableHibernatePropertiesCustomizer.class).customize(properties);
			assertThat(properties.get("hibernate.hbm2ddl.schema_filter_provider"))
				.isInstanceOf(StreamTableSchemaFilterProvider.class);
			assertThat(properties).containsEntry("hibernate.query.sqm.translator",
					StreamTableSqmTranslatorFactory.class.getName());
		});
	}

	@Test
	void customizerRunsAfterTheApplicationsCustomizers() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(StreamTableHibernatePropertiesCustomizer.class).getOrder())
			.isEqualTo(Integer.MAX_VALUE));
	}

	@Test
	void startupCheckIsOnByDefault() {
		this.contextRunner.withUserConfiguration(EntityManagerFactoryConfiguration.class)
			.withPropertyValues("pgtrickle.jpa.startup-check.mode=off")
			.run((context) -> assertThat(context).hasSingleBean(StreamTableStartupCheck.class));
		this.contextRunner.run((context) -> assertThat(
				context.getBean(PgTrickleJpaProperties.class).getStartupCheck().getMode())
			.isEqualTo(Mode.FAIL));
	}

	@Test
	void startupCheckModeCanBeSet() {
		this.contextRunner.withUserConfiguration(EntityManagerFactoryConfiguration.class)
			.withPropertyValues("pgtrickle.jpa.startup-check.mode=off")
			.run((context) -> assertThat(context.getBean(StreamTableStartupCheck.class)).hasFieldOrPropertyWithValue("mode",
					Mode.OFF));
	}

	@Test
	void backsOffWithoutPgTrickleJpa() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(StreamTable.class))
			.run((context) -> assertThat(context).doesNotHaveBean(StreamTableHibernatePropertiesCustomizer.class)
				.doesNotHaveBean(StreamTableRepositoryPostProcessor.class));
	}

	@Test
	void backsOffWithoutHibernate() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SessionImplementor.class))
			.run((context) -> assertThat(context).doesNotHaveBean(StreamTableHibernatePropertiesCustomizer.class));
	}

	@Test
	void backsOffWithoutSpringBootsHibernateSupport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HibernatePropertiesCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(StreamTableExceptionTranslator.class));
	}

	@Test
	void registersNoRepositoryPostProcessorWithoutSpringDataJpa() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JpaRepositoryFactoryBean.class))
			.run((context) -> assertThat(context).hasSingleBean(StreamTableHibernatePropertiesCustomizer.class)
				.doesNotHaveBean(StreamTableRepositoryPostProcessor.class));
	}

	@Test
	void beansOfTheApplicationReplaceTheAutoConfiguredOnes() {
		this.contextRunner.withUserConfiguration(CustomConfiguration.class)
			.run((context) -> assertThat(context.getBean(StreamTableExceptionTranslator.class))
				.isSameAs(context.getBean(CustomConfiguration.class).translator)
				.satisfies((translator) -> assertThat(context).hasSingleBean(StreamTableExceptionTranslator.class)));
	}

	@Configuration(proxyBeanMethods = false)
	static class EntityManagerFactoryConfiguration {

		@Bean
		EntityManagerFactory entityManagerFactory() {
			return mock(EntityManagerFactory.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomConfiguration {

		final StreamTableExceptionTranslator translator = new StreamTableExceptionTranslator();

		@Bean
		StreamTableExceptionTranslator customTranslator() {
			return this.translator;
		}

	}

}
