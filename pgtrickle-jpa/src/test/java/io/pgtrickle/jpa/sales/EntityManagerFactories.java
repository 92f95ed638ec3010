package io.pgtrickle.jpa.sales;

import java.util.Arrays;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;

import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

import io.pgtrickle.jpa.hibernate.StreamTableHibernateSettings;

/**
 * Builds entity manager factories over a chosen set of entities, outside an application context.
 */
public final class EntityManagerFactories {

	private EntityManagerFactories() {
	}

	/**
	 * Build a factory with pgtrickle-jpa's Hibernate settings applied.
	 * @param dataSource the data source
	 * @param properties further JPA properties
	 * @param entities the entity classes
	 * @return the factory bean, initialized; destroy it to close the factory
	 */
	public static LocalContainerEntityManagerFactoryBean build(DataSource dataSource, Map<String, Object> properties,
			Class<?>... entities) {
		return build(dataSource, properties, true, entities);
	}

	/**
	 * Build a factory.
	 * @param dataSource the data source
	 * @param properties further JPA properties
	 * @param withSettings whether to apply {@link StreamTableHibernateSettings}
	 * @param entities the entity classes
	 * @return the factory bean, initialized; destroy it to close the factory
	 */
	public static LocalContainerEntityManagerFactoryBean build(DataSource dataSource, Map<String, Object> properties,
			boolean withSettings, Class<?>... entities) {
		LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
		factory.setDataSource(dataSource);
		factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
		factory.setManagedTypes(PersistenceManagedTypes.of(Arrays.stream(entities).map(Class::getName).toArray(String[]::new)));
		factory.setPersistenceUnitName("test-" + System.nanoTime());
		factory.getJpaPropertyMap().put("hibernate.physical_naming_strategy",
				CamelCaseToUnderscoresNamingStrategy.class.getName());
		factory.getJpaPropertyMap().putAll(properties);
		if (withSettings) {
			StreamTableHibernateSettings.apply(factory.getJpaPropertyMap());
		}
		factory.afterPropertiesSet();
		return factory;
	}

	/**
	 * Return the native factory of an initialized factory bean.
	 * @param factory the factory bean
	 * @return the entity manager factory
	 */
	public static EntityManagerFactory get(LocalContainerEntityManagerFactoryBean factory) {
		EntityManagerFactory entityManagerFactory = factory.getObject();
		if (entityManagerFactory == null) {
			throw new IllegalStateException("Entity manager factory is not initialized");
		}
		return entityManagerFactory;
	}

}
