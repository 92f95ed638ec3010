package io.pgtrickle.jpa.repository;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

import org.springframework.data.jpa.repository.support.JpaEntityInformation;
import org.springframework.data.jpa.repository.support.JpaRepositoryFragmentsContributor;
import org.springframework.data.querydsl.EntityPathResolver;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.core.support.RepositoryComposition.RepositoryFragments;
import org.springframework.data.repository.core.support.RepositoryFragment;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;
import org.springframework.util.Assert;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.jpa.StreamTableEntity;
import io.pgtrickle.jpa.StreamTableMappingException;

/**
 * Contributes the {@link StreamTableOperations} fragment to every repository that extends it, such
 * as a {@link StreamTableRepository}, bound to the stream table of the repository's entity.
 * {@link StreamTableRepositoryPostProcessor} adds it to Spring Data JPA's repository factories.
 */
public class StreamTableRepositoryFragmentsContributor implements JpaRepositoryFragmentsContributor {

	private final Function<DataSource, PgTrickleOperations> operations;

	/**
	 * Create a contributor.
	 * @param operations the operations to use for the repositories of an entity manager factory, given
	 * that factory's {@link DataSource}
	 */
	public StreamTableRepositoryFragmentsContributor(Function<DataSource, PgTrickleOperations> operations) {
		Assert.notNull(operations, "'operations' must not be null");
		this.operations = operations;
	}

	@Override
	public RepositoryFragments contribute(RepositoryMetadata metadata, JpaEntityInformation<?, ?> entityInformation,
			EntityManager entityManager, EntityPathResolver resolver) {
		if (!StreamTableOperations.class.isAssignableFrom(metadata.getRepositoryInterface())) {
			return RepositoryFragments.empty();
		}
		Class<?> domainType = metadata.getDomainType();
		if (!StreamTableEntity.isStreamTable(domainType)) {
			throw new StreamTableMappingException("Repository " + metadata.getRepositoryInterface().getName()
					+ " extends " + StreamTableOperations.class.getSimpleName() + " but its entity "
					+ domainType.getName() + " is not annotated with @StreamTable; annotate the entity, or extend "
					+ "JpaRepository instead", List.of());
		}
		EntityManagerFactory entityManagerFactory = entityManager.getEntityManagerFactory();
		SessionFactoryImplementor sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		EntityPersister persister = sessionFactory.getMappingMetamodel().getEntityDescriptor(domainType);
		StreamTableEntity entity = StreamTableEntity.of(persister);
		PgTrickleOperations pgTrickle = this.operations.apply(dataSource(entityManagerFactory, sessionFactory));
		return RepositoryFragments.of(RepositoryFragment.implemented(StreamTableOperations.class,
				new DefaultStreamTableOperations(pgTrickle, entity.getStreamTableName(), Clock.systemUTC())));
	}

	@Override
	public RepositoryFragments describe(RepositoryMetadata metadata) {
		if (!StreamTableOperations.class.isAssignableFrom(metadata.getRepositoryInterface())) {
			return RepositoryFragments.empty();
		}
		return RepositoryFragments
			.of(RepositoryFragment.structural(StreamTableOperations.class, DefaultStreamTableOperations.class));
	}

	private static DataSource dataSource(EntityManagerFactory entityManagerFactory,
			SessionFactoryImplementor sessionFactory) {
		if (entityManagerFactory instanceof EntityManagerFactoryInfo info && info.getDataSource() != null) {
			return info.getDataSource();
		}
		ConnectionProvider connectionProvider = sessionFactory.getServiceRegistry().getService(ConnectionProvider.class);
		if (connectionProvider != null && connectionProvider.isUnwrappableAs(DataSource.class)) {
			return connectionProvider.unwrap(DataSource.class);
		}
		throw new IllegalStateException("Cannot find the DataSource of entity manager factory " + entityManagerFactory
				+ "; stream-table repositories need it to reach pg_trickle");
	}

}
