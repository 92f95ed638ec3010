package io.pgtrickle.jpa.docs.plain;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.annotation.EnableTransactionManagement;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.jpa.StreamTableExceptionTranslator;
import io.pgtrickle.jpa.StreamTableMappingVerifier;
import io.pgtrickle.jpa.hibernate.StreamTableHibernateSettings;
import io.pgtrickle.jpa.repository.StreamTableRepositoryPostProcessor;

// tag::plain-spring[]
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories
@EnableTransactionManagement
public class PlainJpaConfiguration {

	@Bean
	LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource) {
		LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
		factory.setDataSource(dataSource);
		factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
		factory.setPackagesToScan(PlainJpaConfiguration.class.getPackageName());
		factory.getJpaPropertyMap().put("hibernate.physical_naming_strategy",
				CamelCaseToUnderscoresNamingStrategy.class.getName());
		// keep stream tables out of schema management, reject bulk mutations before any SQL
		StreamTableHibernateSettings.apply(factory.getJpaPropertyMap());
		return factory;
	}

	@Bean
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	@Bean
	PgTrickleTemplate pgTrickleTemplate(DataSource dataSource) {
		return new PgTrickleTemplate(dataSource);
	}

	// isStale(), lastRefreshedAt() and refresh() on StreamTableRepository
	@Bean
	static StreamTableRepositoryPostProcessor streamTableRepositoryPostProcessor() {
		return new StreamTableRepositoryPostProcessor();
	}

	// pg_trickle's guard (SQLSTATE P0001) as StreamTableReadOnlyException
	@Bean
	StreamTableExceptionTranslator streamTableExceptionTranslator() {
		return new StreamTableExceptionTranslator();
	}

	// the start-up check
	@Bean
	SmartInitializingSingleton streamTableMappingCheck(EntityManagerFactory entityManagerFactory) {
		return () -> new StreamTableMappingVerifier(entityManagerFactory).check();
	}

}
// end::plain-spring[]
