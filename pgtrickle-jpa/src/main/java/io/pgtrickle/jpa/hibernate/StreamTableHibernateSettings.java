package io.pgtrickle.jpa.hibernate;

import java.util.Map;

import org.hibernate.cfg.QuerySettings;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Adds the Hibernate settings that {@link io.pgtrickle.jpa.StreamTable @StreamTable} entities need
 * to the properties of an entity manager factory. Spring Boot's auto-configuration calls it; without
 * Spring Boot, call it on the JPA property map before the factory is built:
 * <pre class="code">
 * LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
 * StreamTableHibernateSettings.apply(factory.getJpaPropertyMap());
 * </pre>
 */
public final class StreamTableHibernateSettings {

	private StreamTableHibernateSettings() {
	}

	/**
	 * Install a {@link StreamTableSchemaFilterProvider} as
	 * {@code hibernate.hbm2ddl.schema_filter_provider}, wrapping the provider already configured
	 * there, and {@link StreamTableSqmTranslatorFactory} as {@code hibernate.query.sqm.translator}
	 * unless another translator factory is configured.
	 * @param properties the JPA properties, changed in place
	 * @param classLoader the class loader for a filter provider configured by class name, or
	 * {@code null} for the default
	 * @throws IllegalArgumentException if the configured filter provider is not a
	 * {@link SchemaFilterProvider} or cannot be instantiated
	 */
	public static void apply(Map<String, Object> properties, @Nullable ClassLoader classLoader) {
		Assert.notNull(properties, "'properties' must not be null");
		Object provider = properties.get(SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER);
		if (!(provider instanceof StreamTableSchemaFilterProvider)) {
			properties.put(SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER,
					new StreamTableSchemaFilterProvider(resolve(provider, classLoader)));
		}
		properties.putIfAbsent(QuerySettings.SEMANTIC_QUERY_TRANSLATOR, StreamTableSqmTranslatorFactory.class.getName());
	}

	/**
	 * Install the settings with the default class loader.
	 * @param properties the JPA properties, changed in place
	 * @see #apply(Map, ClassLoader)
	 */
	public static void apply(Map<String, Object> properties) {
		apply(properties, null);
	}

	private static @Nullable SchemaFilterProvider resolve(@Nullable Object provider, @Nullable ClassLoader classLoader) {
		if (provider == null || (provider instanceof String name && name.isBlank())) {
			return null;
		}
		if (provider instanceof SchemaFilterProvider instance) {
			return instance;
		}
		Class<?> type;
		if (provider instanceof Class<?> providerClass) {
			type = providerClass;
		}
		else if (provider instanceof String name) {
			type = ClassUtils.resolveClassName(name.trim(), classLoader);
		}
		else {
			throw new IllegalArgumentException(SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER + " must be a "
					+ "SchemaFilterProvider, its class or its class name, not " + provider.getClass().getName());
		}
		Assert.isAssignable(SchemaFilterProvider.class, type,
				SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER + " must name a SchemaFilterProvider: ");
		return (SchemaFilterProvider) BeanUtils.instantiateClass(type);
	}

}
