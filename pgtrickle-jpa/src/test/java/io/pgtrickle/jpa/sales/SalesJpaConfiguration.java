package io.pgtrickle.jpa.sales;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.annotation.EnableTransactionManagement;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.jpa.StreamTableExceptionTranslator;
import io.pgtrickle.jpa.hibernate.StreamTableHibernateSettings;
import io.pgtrickle.jpa.repository.StreamTableRepositoryPostProcessor;

/**
 * Plain Spring configuration (no Spring Boot) of JPA over the sales schema, with pgtrickle-jpa
 * installed the way its Javadoc describes. Expects a {@link DataSource} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(basePackageClasses = SalesJpaConfiguration.class)
@EnableTransactionManagement
public class SalesJpaConfiguration {

	@Bean
	LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource) {
		LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
		factory.setDataSource(dataSource);
		factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
		factory.setPackagesToScan(SalesJpaConfiguration.class.getPackageName());
		factory.getJpaPropertyMap().putAll(Map.of("hibernate.generate_statistics", true,
				"hibernate.physical_naming_strategy", CamelCaseToUnderscoresNamingStrategy.class.getName()));
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

	@Bean
	StreamTableExceptionTranslator streamTableExceptionTranslator() {
		return new StreamTableExceptionTranslator();
	}

	@Bean
	static StreamTableRepositoryPostProcessor streamTableRepositoryPostProcessor() {
		return new StreamTableRepositoryPostProcessor();
	}

}
