package io.pgtrickle.jpa.hibernate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.cfg.QuerySettings;
import org.hibernate.cfg.SchemaToolingSettings;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.RootClass;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.Action;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator.ActionGrouping;

import io.pgtrickle.jpa.StreamTableEntity;
import io.pgtrickle.jpa.StreamTableMappingException;

/**
 * Integrates {@link io.pgtrickle.jpa.StreamTable @StreamTable} entities with Hibernate ORM; Hibernate
 * discovers it through {@link java.util.ServiceLoader}, so it applies to every session factory built
 * with {@code pgtrickle-jpa} on the class path. For the stream-table entities of a session factory it
 * <ul>
 * <li>loads them read-only, as {@link org.hibernate.Session#setReadOnly(Object, boolean)} does: no
 * snapshot is kept and they are never dirty-checked, so a change to a loaded instance is never
 * written;</li>
 * <li>rejects {@code persist}, {@code merge} and {@code remove} (and, as a safety net, every insert,
 * update, upsert and delete) with a {@link io.pgtrickle.core.StreamTableReadOnlyException} before any
 * SQL is sent;</li>
 * <li>hands their tables to the {@link StreamTableSchemaFilterProvider} installed as
 * {@code hibernate.hbm2ddl.schema_filter_provider}, and refuses to start when schema management
 * would create, alter, truncate or drop tables without that provider, since it would destroy stream
 * tables.</li>
 * </ul>
 * Bulk mutation queries are rejected by {@link StreamTableSqmTranslatorFactory} when it is installed;
 * without it, a warning is logged and pg_trickle's guard in the database rejects them.
 */
public class StreamTableIntegrator implements Integrator {

	private static final Log logger = LogFactory.getLog(StreamTableIntegrator.class);

	private static final Set<Action> ACTIONS_THAT_CHANGE_TABLES = EnumSet.of(Action.CREATE_ONLY, Action.CREATE,
			Action.CREATE_DROP, Action.DROP, Action.UPDATE, Action.TRUNCATE);

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
		List<PersistentClass> entities = new ArrayList<>();
		for (PersistentClass entity : metadata.getEntityBindings()) {
			Class<?> mappedClass = entity.getMappedClass();
			if (mappedClass != null && StreamTableEntity.isStreamTable(mappedClass)) {
				entities.add(entity);
			}
		}
		if (entities.isEmpty()) {
			return;
		}
		Set<Table> tables = new LinkedHashSet<>();
		for (PersistentClass entity : entities) {
			RootClass root = entity.getRootClass();
			if (root.getMappedClass() == null || !StreamTableEntity.isStreamTable(root.getMappedClass())) {
				throw new StreamTableMappingException("Entity " + entity.getEntityName() + " is a @StreamTable but the "
						+ "root of its hierarchy, " + root.getEntityName() + ", is not; annotate the root entity with "
						+ "@StreamTable, since a stream table is read-only as a whole", List.of());
			}
			tables.add(entity.getTable());
		}
		Map<String, Object> settings = sessionFactory.getProperties();
		applySchemaFilter(metadata, settings, entities, tables);
		checkTranslator(settings);
		EventListenerRegistry listeners = sessionFactory.getEventListenerRegistry();
		StreamTableWriteGuard guard = StreamTableWriteGuard.INSTANCE;
		listeners.appendListeners(EventType.POST_LOAD, guard);
		listeners.prependListeners(EventType.PERSIST, guard);
		listeners.prependListeners(EventType.PERSIST_ONFLUSH, guard);
		listeners.prependListeners(EventType.MERGE, guard);
		listeners.prependListeners(EventType.DELETE, guard);
		listeners.prependListeners(EventType.PRE_INSERT, guard);
		listeners.prependListeners(EventType.PRE_UPDATE, guard);
		listeners.prependListeners(EventType.PRE_UPSERT, guard);
		listeners.prependListeners(EventType.PRE_DELETE, guard);
	}

	private void applySchemaFilter(Metadata metadata, Map<String, Object> settings, List<PersistentClass> entities,
			Set<Table> tables) {
		Object provider = settings.get(SchemaToolingSettings.HBM2DDL_FILTER_PROVIDER);
		if (provider instanceof StreamTableSchemaFilterProvider streamTableProvider) {
			streamTableProvider.exclude(tables);
			return;
		}
		Set<String> actions = new LinkedHashSet<>();
		for (ActionGrouping grouping : ActionGrouping.interpret(metadata, settings)) {
			if (ACTIONS_THAT_CHANGE_TABLES.contains(grouping.databaseAction())) {
				actions.add(grouping.databaseAction().getExternalHbm2ddlName());
			}
		}
		if (!actions.isEmpty()) {
			List<String> names = new ArrayList<>();
			for (PersistentClass entity : entities) {
				names.add(entity.getEntityName() + " (table " + entity.getTable().getQualifiedTableName() + ")");
			}
			throw new StreamTableMappingException("Hibernate's schema management action is "
					+ String.join(" and ", actions) + " (hibernate.hbm2ddl.auto or jakarta.persistence.schema-generation.database.action), which would "
					+ "create, alter, truncate or drop the tables of the @StreamTable entities " + String.join(", ", names)
					+ " and so destroy or corrupt their stream tables. Set hibernate.hbm2ddl.schema_filter_provider to an "
					+ "instance of " + StreamTableSchemaFilterProvider.class.getName() + " (StreamTableHibernateSettings"
					+ ".apply(properties) does it; Spring Boot's auto-configuration for pgtrickle-jpa does it for you), "
					+ "or turn schema management off", List.of());
		}
	}

	private void checkTranslator(Map<String, Object> settings) {
		Object translator = settings.get(QuerySettings.SEMANTIC_QUERY_TRANSLATOR);
		boolean installed = (translator instanceof String name && name.equals(StreamTableSqmTranslatorFactory.class.getName()))
				|| translator == StreamTableSqmTranslatorFactory.class
				|| translator instanceof StreamTableSqmTranslatorFactory;
		if (!installed && logger.isWarnEnabled()) {
			logger.warn("Bulk update and delete queries on @StreamTable entities will reach the database, where "
					+ "pg_trickle's guard rejects them: set " + QuerySettings.SEMANTIC_QUERY_TRANSLATOR + " to "
					+ StreamTableSqmTranslatorFactory.class.getName() + " to reject them before any SQL is sent"
					+ ((translator != null) ? " (it is set to " + translator + ")" : ""));
		}
	}

}
