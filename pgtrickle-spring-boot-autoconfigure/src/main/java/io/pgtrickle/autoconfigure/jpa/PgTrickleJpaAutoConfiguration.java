package io.pgtrickle.autoconfigure.jpa;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionImplementor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.jpa.StreamTable;
import io.pgtrickle.jpa.StreamTableExceptionTranslator;
import io.pgtrickle.jpa.repository.StreamTableRepositoryPostProcessor;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for pg_trickle's JPA support with Hibernate: it
 * keeps stream tables out of Hibernate's schema management and rejects bulk mutations of
 * {@link StreamTable @StreamTable} entities before any SQL is sent (through Hibernate properties),
 * translates pg_trickle's guard against writes into
 * {@link io.pgtrickle.core.StreamTableReadOnlyException}, contributes the stream-table operations of
 * {@link io.pgtrickle.jpa.repository.StreamTableRepository}, and checks at start-up that every
 * {@code @StreamTable} entity matches its stream table.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
@ConditionalOnClass({ StreamTable.class, LocalContainerEntityManagerFactoryBean.class, SessionImplementor.class,
		HibernatePropertiesCustomizer.class })
@EnableConfigurationProperties(PgTrickleJpaProperties.class)
public final class PgTrickleJpaAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	static class HibernateConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StreamTableHibernatePropertiesCustomizer streamTableHibernatePropertiesCustomizer(
				ResourceLoader resourceLoader) {
			return new StreamTableHibernatePropertiesCustomizer(resourceLoader.getClassLoader());
		}

		@Bean
		@ConditionalOnMissingBean
		StreamTableExceptionTranslator streamTableExceptionTranslator() {
			return new StreamTableExceptionTranslator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JpaRepositoryFactoryBean.class)
	static class RepositoryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static StreamTableRepositoryPostProcessor streamTableRepositoryPostProcessor(
				ObjectProvider<PgTrickleOperations> pgTrickleOperations) {
			return new StreamTableRepositoryPostProcessor(pgTrickleOperations);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(EntityManagerFactory.class)
	static class StartupCheckConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StreamTableStartupCheck streamTableStartupCheck(ObjectProvider<EntityManagerFactory> entityManagerFactories,
				PgTrickleJpaProperties properties) {
			return new StreamTableStartupCheck(entityManagerFactories, properties.getStartupCheck().getMode());
		}

		@Bean
		static LazyInitializationExcludeFilter streamTableStartupCheckLazyInitializationExcludeFilter() {
			return LazyInitializationExcludeFilter.forBeanTypes(StreamTableStartupCheck.class);
		}

	}

}
