package io.pgtrickle.jpa;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

import io.pgtrickle.core.PgTrickleExceptionTranslator;
import io.pgtrickle.core.StreamTableReadOnlyException;

/**
 * A {@link PersistenceExceptionTranslator} that turns pg_trickle's database-side rejection of a write
 * to a stream table (its guard trigger, SQLSTATE {@code P0001}) into a
 * {@link StreamTableReadOnlyException}, for example when a native query or an entity without
 * {@link StreamTable @StreamTable} writes to a stream table. It runs before the entity manager
 * factory's own translation and leaves every other exception to it.
 * <p>
 * Register it as a bean; Spring Data repositories and {@code @Repository} beans then use it. Spring
 * Boot's auto-configuration registers it.
 */
public class StreamTableExceptionTranslator implements PersistenceExceptionTranslator, Ordered {

	private static final String RAISE_EXCEPTION = "P0001";

	private final PgTrickleExceptionTranslator translator = new PgTrickleExceptionTranslator((task, sql, ex) -> null);

	@Override
	public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		if (ex instanceof StreamTableReadOnlyException readOnly) {
			return readOnly;
		}
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = ex; cause != null && seen.add(cause); cause = cause.getCause()) {
			if (cause instanceof SQLException sqlException) {
				Set<SQLException> chained = Collections.newSetFromMap(new IdentityHashMap<>());
				for (SQLException next = sqlException; next != null && chained.add(next); next = next.getNextException()) {
					if (RAISE_EXCEPTION.equals(next.getSQLState())
							&& this.translator.translate("JPA operation", null, next) instanceof StreamTableReadOnlyException readOnly) {
						return readOnly;
					}
				}
			}
		}
		return null;
	}

	/**
	 * Return the order of this translator: first, so that it sees pg_trickle's errors before the
	 * entity manager factory's translator turns them into generic exceptions.
	 * @return {@link Ordered#HIGHEST_PRECEDENCE}
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
