package io.pgtrickle.flyway;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import org.springframework.dao.DataAccessException;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableStatus;

/**
 * A Flyway {@link Callback} that fills the stream tables migrations created without
 * initialization ({@link io.pgtrickle.core.StreamTableDefinition.Builder#initialize(Boolean)
 * initialize(false)}), once all migrations have committed. The migration then holds its locks only
 * for the catalog work, not for the full computation of a large table.
 * <p>
 * After {@code migrate}, it refreshes every stream table that is still waiting for its first
 * refresh (status {@code INITIALIZING}, not populated), each after the stream tables it reads and
 * each in its own transaction, on Flyway's connection. A stream table that another session (such
 * as pg_trickle's scheduler) is filling at the same time is left to it. Register it with
 * {@code Flyway.configure().callbacks(new DeferredInitializationCallback())}, or, with Spring Boot,
 * declare it as a bean. Without it, pg_trickle's scheduler fills such tables on its next tick.
 */
public class DeferredInitializationCallback implements Callback {

	private static final Log logger = LogFactory.getLog(DeferredInitializationCallback.class);

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.AFTER_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return false;
	}

	@Override
	public void handle(Event event, Context context) {
		PgTrickleTemplate template = StreamTableMigration.template(context.getConnection());
		List<StreamTableName> pending;
		try {
			List<StreamTableName> waiting = template.findAll()
				.stream()
				.filter((info) -> info.status() == StreamTableStatus.INITIALIZING && !info.populated())
				.map(StreamTableInfo::name)
				.toList();
			pending = waiting.isEmpty() ? waiting : template.dependencyGraph().inRefreshOrder(waiting);
		}
		catch (DataAccessException ex) {
			throw new StreamTableMigrationException("Could not look for stream tables waiting for their first refresh "
					+ "after the migrations committed: " + StreamTableMigration.describe(ex), ex);
		}
		for (StreamTableName name : pending) {
			try {
				RefreshResult result = template.refresh(name);
				if (result.isSkipped()) {
					logger.info("Stream table " + name + " is being filled by another session; leaving it to it");
				}
				else {
					logger.info("Filled stream table " + name + " after the migrations committed");
				}
			}
			catch (DataAccessException ex) {
				throw new StreamTableMigrationException("Stream table " + name + " was created without initialization "
						+ "and could not be filled after the migrations committed: " + StreamTableMigration.describe(ex)
						+ ". The migrations stay applied; the stream table stays INITIALIZING until a refresh "
						+ "succeeds", ex);
			}
		}
	}

	@Override
	public String getCallbackName() {
		return "pgtrickle-deferred-initialization";
	}

}
