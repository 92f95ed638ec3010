package io.pgtrickle.autoconfigure.jpa;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.core.Ordered;

import io.pgtrickle.jpa.hibernate.StreamTableHibernateSettings;

/**
 * Adds the Hibernate settings of {@link StreamTableHibernateSettings} to Spring Boot's JPA
 * properties: the schema filter that keeps stream tables out of schema management, wrapping one the
 * application configured, and the translator that rejects bulk mutations of stream-table entities.
 * It runs last, so that it sees the settings of every other customizer.
 */
public class StreamTableHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer, Ordered {

	private final @Nullable ClassLoader classLoader;

	/**
	 * Create a new instance.
	 * @param classLoader the class loader for a filter provider configured by class name
	 */
	public StreamTableHibernatePropertiesCustomizer(@Nullable ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void customize(Map<String, Object> hibernateProperties) {
		StreamTableHibernateSettings.apply(hibernateProperties, this.classLoader);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
