package io.pgtrickle.jpa.hibernate;

import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.sql.SqmTranslatorFactory;
import org.hibernate.query.sqm.sql.StandardSqmTranslatorFactory;
import org.hibernate.query.sqm.tree.SqmDmlStatement;
import org.hibernate.query.sqm.tree.delete.SqmDeleteStatement;
import org.hibernate.query.sqm.tree.insert.SqmInsertStatement;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.sql.ast.spi.SqlAstCreationContext;
import org.hibernate.sql.ast.tree.MutationStatement;
import org.hibernate.sql.ast.tree.select.SelectStatement;

import io.pgtrickle.jpa.StreamTableEntity;

/**
 * An {@link SqmTranslatorFactory} that rejects JPQL, HQL and Criteria {@code UPDATE}, {@code DELETE}
 * and {@code INSERT} statements on {@link io.pgtrickle.jpa.StreamTable @StreamTable} entities with a
 * {@link io.pgtrickle.core.StreamTableReadOnlyException} when they are translated to SQL, before any
 * SQL is sent. Everything else is translated by the dialect's factory or Hibernate's standard one.
 * <p>
 * Install it with {@code hibernate.query.sqm.translator} set to this class's name, for example with
 * {@link StreamTableHibernateSettings#apply(java.util.Map)}; Spring Boot's auto-configuration does it
 * for you.
 */
public class StreamTableSqmTranslatorFactory implements SqmTranslatorFactory {

	private static final SqmTranslatorFactory STANDARD = new StandardSqmTranslatorFactory();

	@Override
	public SqmTranslator<SelectStatement> createSelectTranslator(SqmSelectStatement<?> sqmSelectStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref,
			QueryParameterBindings domainParameterBindings, LoadQueryInfluencers loadQueryInfluencers,
			SqlAstCreationContext creationContext, boolean deduplicateSelectionItems) {
		return delegate(creationContext).createSelectTranslator(sqmSelectStatement, queryOptions, domainParameterXref,
				domainParameterBindings, loadQueryInfluencers, creationContext, deduplicateSelectionItems);
	}

	@Override
	public SqmTranslator<? extends MutationStatement> createMutationTranslator(SqmDmlStatement<?> sqmDmlStatement,
			QueryOptions queryOptions, DomainParameterXref domainParameterXref,
			QueryParameterBindings domainParameterBindings, LoadQueryInfluencers loadQueryInfluencers,
			SqlAstCreationContext creationContext) {
		EntityPersister persister = creationContext.getMappingMetamodel()
			.getEntityDescriptor(sqmDmlStatement.getTarget().getEntityName());
		if (StreamTableEntity.isStreamTable(persister.getMappedClass())) {
			throw StreamTableEntity.of(persister).readOnly(describe(sqmDmlStatement));
		}
		return delegate(creationContext).createMutationTranslator(sqmDmlStatement, queryOptions, domainParameterXref,
				domainParameterBindings, loadQueryInfluencers, creationContext);
	}

	private static SqmTranslatorFactory delegate(SqlAstCreationContext creationContext) {
		SqmTranslatorFactory dialectFactory = creationContext.getDialect().getSqmTranslatorFactory();
		return (dialectFactory != null) ? dialectFactory : STANDARD;
	}

	private static String describe(SqmDmlStatement<?> statement) {
		if (statement instanceof SqmDeleteStatement<?>) {
			return "run a bulk delete on";
		}
		if (statement instanceof SqmInsertStatement<?>) {
			return "run an insert query on";
		}
		return "run a bulk update on";
	}

}
