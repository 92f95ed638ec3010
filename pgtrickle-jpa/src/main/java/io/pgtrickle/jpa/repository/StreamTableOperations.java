package io.pgtrickle.jpa.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;

/**
 * The stream-table operations of a {@link StreamTableRepository}: how fresh the repository's stream
 * table is, and refreshing it. A repository fragment implemented with
 * {@link io.pgtrickle.core.PgTrickleOperations}; every call reads pg_trickle's catalog (one query) or
 * refreshes, in the caller's transaction when there is one.
 *
 * @see StreamTableRepositoryPostProcessor
 */
public interface StreamTableOperations {

	/**
	 * Return the name of the stream table the repository's entity is mapped to.
	 * @return the name, unqualified when the entity's table is
	 */
	StreamTableName streamTableName();

	/**
	 * Return the stream table's definition and state as pg_trickle's catalog has them.
	 * @return the information
	 * @throws io.pgtrickle.core.StreamTableNotFoundException if the stream table does not exist
	 */
	StreamTableInfo streamTableInfo();

	/**
	 * Return when a refresh of the stream table last completed, including refreshes that found
	 * nothing to change.
	 * @return the time of the last refresh, or empty if it was never refreshed
	 * @throws io.pgtrickle.core.StreamTableNotFoundException if the stream table does not exist
	 */
	Optional<Instant> lastRefreshedAt();

	/**
	 * Return whether the stream table is behind its schedule, as pg_trickle judges it: it was never
	 * refreshed, or, for a duration schedule such as {@code '5m'}, its last refresh is older than the
	 * interval. A stream table with a cron or calculated schedule is stale only if it was never
	 * refreshed; an {@code IMMEDIATE} one is never stale once populated. Ages are measured with this
	 * JVM's clock.
	 * @return {@code true} if the stream table is stale
	 * @throws io.pgtrickle.core.StreamTableNotFoundException if the stream table does not exist
	 * @see #isStale(Duration)
	 */
	boolean isStale();

	/**
	 * Return whether the stream table's last refresh is older than {@code maxAge}, or it was never
	 * refreshed: whether {@link #refreshIfStale(Duration)} would refresh it. Ages are measured with this
	 * JVM's clock.
	 * @param maxAge how old the last refresh may be
	 * @return {@code true} if the stream table is stale
	 * @throws io.pgtrickle.core.StreamTableNotFoundException if the stream table does not exist
	 */
	boolean isStale(Duration maxAge);

	/**
	 * Refresh the stream table now, in the caller's transaction: inside a {@code @Transactional}
	 * method the refresh sees the method's writes to the source tables and commits with them. Do not
	 * call it in a read-only transaction.
	 * @return whether the refresh ran or was skipped because another session was refreshing the
	 * stream table
	 * @throws io.pgtrickle.core.StreamTableSuspendedException if the stream table is suspended or in
	 * error
	 * @see io.pgtrickle.core.PgTrickleOperations#refresh(StreamTableName)
	 */
	RefreshResult refresh();

	/**
	 * Refresh the stream table unless a refresh completed within {@code maxAge}.
	 * @param maxAge how old the last refresh may be
	 * @return {@link RefreshResult.Outcome#FRESH} if no refresh was needed, else the refresh's outcome
	 * @see io.pgtrickle.core.PgTrickleOperations#refreshIfStale(StreamTableName, Duration)
	 */
	RefreshResult refreshIfStale(Duration maxAge);

}
