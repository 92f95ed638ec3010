package io.pgtrickle.jpa.hibernate;

import org.hibernate.Hibernate;
import org.hibernate.HibernateException;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.DeleteContext;
import org.hibernate.event.spi.DeleteEvent;
import org.hibernate.event.spi.DeleteEventListener;
import org.hibernate.event.spi.MergeContext;
import org.hibernate.event.spi.MergeEvent;
import org.hibernate.event.spi.MergeEventListener;
import org.hibernate.event.spi.PersistContext;
import org.hibernate.event.spi.PersistEvent;
import org.hibernate.event.spi.PersistEventListener;
import org.hibernate.event.spi.PostLoadEvent;
import org.hibernate.event.spi.PostLoadEventListener;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.event.spi.PreUpsertEvent;
import org.hibernate.event.spi.PreUpsertEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

import io.pgtrickle.jpa.StreamTableEntity;

/**
 * Makes {@link io.pgtrickle.jpa.StreamTable @StreamTable} entities read-only and rejects writes to
 * them with a {@link io.pgtrickle.core.StreamTableReadOnlyException}. It marks every loaded instance
 * read-only, which drops its snapshot and exempts it from dirty checking; it listens first to
 * {@code persist}, {@code merge} and {@code remove}, so the operation fails before Hibernate schedules
 * anything, and to the pre-insert, pre-update, pre-upsert and pre-delete events as a safety net for
 * other paths, such as a {@link org.hibernate.StatelessSession} or an instance made modifiable again.
 */
final class StreamTableWriteGuard implements PostLoadEventListener, PersistEventListener, MergeEventListener,
		DeleteEventListener, PreInsertEventListener, PreUpdateEventListener, PreUpsertEventListener,
		PreDeleteEventListener {

	static final StreamTableWriteGuard INSTANCE = new StreamTableWriteGuard();

	private StreamTableWriteGuard() {
	}

	@Override
	public void onPostLoad(PostLoadEvent event) {
		Object entity = event.getEntity();
		if (entity != null && StreamTableEntity.isStreamTable(event.getPersister().getMappedClass())) {
			event.getSession().getPersistenceContextInternal().setReadOnly(entity, true);
		}
	}

	@Override
	public void onPersist(PersistEvent event) throws HibernateException {
		check(event.getSession(), event.getEntityName(), event.getObject(), "persist");
	}

	@Override
	public void onPersist(PersistEvent event, PersistContext createdAlready) throws HibernateException {
		onPersist(event);
	}

	@Override
	public void onMerge(MergeEvent event) throws HibernateException {
		check(event.getSession(), event.getEntityName(), event.getOriginal(), "merge");
	}

	@Override
	public void onMerge(MergeEvent event, MergeContext copiedAlready) throws HibernateException {
		onMerge(event);
	}

	@Override
	public void onDelete(DeleteEvent event) throws HibernateException {
		check(event.getSession(), event.getEntityName(), event.getObject(), "remove");
	}

	@Override
	public void onDelete(DeleteEvent event, DeleteContext transientEntities) throws HibernateException {
		onDelete(event);
	}

	@Override
	public boolean onPreInsert(PreInsertEvent event) {
		check(event.getPersister(), "insert");
		return false;
	}

	@Override
	public boolean onPreUpdate(PreUpdateEvent event) {
		check(event.getPersister(), "update");
		return false;
	}

	@Override
	public boolean onPreUpsert(PreUpsertEvent event) {
		check(event.getPersister(), "upsert");
		return false;
	}

	@Override
	public boolean onPreDelete(PreDeleteEvent event) {
		check(event.getPersister(), "delete");
		return false;
	}

	private static void check(SharedSessionContractImplementor session, @Nullable String entityName,
			@Nullable Object object, String operation) {
		if (object == null || !StreamTableEntity.isStreamTable(Hibernate.getClassLazy(object))) {
			return;
		}
		check(session.getEntityPersister(entityName, object), operation);
	}

	private static void check(EntityPersister persister, String operation) {
		if (StreamTableEntity.isStreamTable(persister.getMappedClass())) {
			throw StreamTableEntity.of(persister).readOnly(operation);
		}
	}

}
