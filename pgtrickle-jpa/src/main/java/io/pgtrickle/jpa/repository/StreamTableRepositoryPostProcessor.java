package io.pgtrickle.jpa.repository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.PgTrickleTemplate;

/**
 * Adds the {@link StreamTableOperations} fragment of {@link StreamTableRepository} to Spring Data
 * JPA's repository factories. Spring Boot's auto-configuration registers it; without Spring Boot,
 * declare it as a {@code static} bean:
 * <pre class="code">
 * &#64;Bean
 * static StreamTableRepositoryPostProcessor streamTableRepositoryPostProcessor() {
 *     return new StreamTableRepositoryPostProcessor();
 * }
 * </pre>
 * The fragment uses the context's {@link PgTrickleOperations} bean when there is exactly one and it
 * works on the repository's data source; otherwise it uses a {@link PgTrickleTemplate} on the data
 * source of the repository's entity manager factory.
 */
public class StreamTableRepositoryPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private @Nullable ObjectProvider<PgTrickleOperations> operations;

	private final Map<DataSource, PgTrickleOperations> templates = new ConcurrentHashMap<>();

	/**
	 * Create a post-processor that looks {@link PgTrickleOperations} up in its bean factory.
	 */
	public StreamTableRepositoryPostProcessor() {
	}

	/**
	 * Create a post-processor that takes {@link PgTrickleOperations} from the given provider.
	 * @param operations the provider of the operations bean
	 */
	public StreamTableRepositoryPostProcessor(ObjectProvider<PgTrickleOperations> operations) {
		this.operations = operations;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (this.operations == null) {
			this.operations = beanFactory.getBeanProvider(PgTrickleOperations.class);
		}
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof JpaRepositoryFactoryBean<?, ?, ?> factoryBean) {
			factoryBean.setRepositoryFragmentsContributor(factoryBean.getRepositoryFragmentsContributor()
				.andThen(new StreamTableRepositoryFragmentsContributor(this::operationsFor)));
		}
		return bean;
	}

	private PgTrickleOperations operationsFor(DataSource dataSource) {
		PgTrickleOperations bean = (this.operations != null) ? this.operations.getIfUnique() : null;
		if (bean != null && !(bean instanceof PgTrickleTemplate template
				&& template.getJdbcTemplate().getDataSource() != dataSource)) {
			return bean;
		}
		return this.templates.computeIfAbsent(dataSource, PgTrickleTemplate::new);
	}

}
