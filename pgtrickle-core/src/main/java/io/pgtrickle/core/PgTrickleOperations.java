package io.pgtrickle.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The operations on pg_trickle's stream tables: create, alter, drop, refresh, inspect and wait.
 * Implemented by {@link PgTrickleTemplate}; an interface so that it can be mocked or decorated.
 * <p>
 * Every operation runs in the caller's transaction when there is one (so a write and a refresh
 * commit together), and otherwise on its own. Names without a schema are resolved once per
 * operation against the connection's {@code current_schema()}. Failures are
 * {@link org.springframework.dao.DataAccessException DataAccessExceptions}; pg_trickle's own
 * failure modes are the {@link PgTrickleException} subclasses.
 */
public interface PgTrickleOperations {

	/**
	 * Create a stream table; by default pg_trickle populates it inside this call.
	 * @param definition the definition
	 * @throws StreamTableAlreadyExistsException if the stream table exists
	 * @throws InvalidStreamTableArgumentException if pg_trickle rejects an option
	 * @throws UnsupportedQueryException if pg_trickle cannot maintain the query in the requested
	 * refresh mode
	 */
	void create(StreamTableDefinition definition);

	/**
	 * Create a stream table unless one of that name exists; an existing one is left as it is, even
	 * if its definition differs.
	 * @param definition the definition
	 * @return {@code true} if the stream table was created, {@code false} if it existed
	 */
	boolean createIfNotExists(StreamTableDefinition definition);

	/**
	 * Make a stream table match the definition: create it if it is missing, change its
	 * configuration or query in place if they differ, and leave it alone if they match. When the
	 * definition's refresh mode is {@link RefreshMode#AUTO} or unset and the stream table exists,
	 * its current refresh mode is kept.
	 * @param definition the definition
	 * @return what was done
	 * @throws InvalidStreamTableArgumentException if the definition sets an option that
	 * {@code create_or_replace_stream_table} does not accept in this pg_trickle version
	 */
	CreateOrReplaceOutcome createOrReplace(StreamTableDefinition definition);

	/**
	 * Create several stream tables in one transaction, in the order given: all of them or, if one
	 * fails, none.
	 * @param definitions the definitions
	 */
	void createAll(List<StreamTableDefinition> definitions);

	/**
	 * Change what the alteration sets, and nothing else. An empty alteration does nothing.
	 * @param name the stream table
	 * @param alteration the changes
	 * @throws StreamTableNotFoundException if the stream table does not exist
	 */
	void alter(StreamTableName name, StreamTableAlteration alteration);

	/**
	 * Apply the same alteration to several stream tables in one transaction.
	 * @param names the stream tables
	 * @param alteration the changes
	 */
	void alterAll(Collection<StreamTableName> names, StreamTableAlteration alteration);

	/**
	 * Suspend a stream table: the scheduler skips it and manual refreshes are refused until it is
	 * resumed.
	 * @param name the stream table
	 */
	void suspend(StreamTableName name);

	/**
	 * Resume a {@code SUSPENDED} or {@code ERROR} stream table, resetting its error count.
	 * @param name the stream table
	 * @throws InvalidStreamTableArgumentException if the stream table is neither suspended nor in
	 * error
	 */
	void resume(StreamTableName name);

	/**
	 * Drop a stream table that no other stream table reads.
	 * @param name the stream table
	 * @throws StreamTableNotFoundException if the stream table does not exist
	 * @throws InvalidStreamTableArgumentException if other stream tables read it
	 */
	void drop(StreamTableName name);

	/**
	 * Drop a stream table, and with {@code cascade} the stream tables that read it. pg_trickle drops
	 * the storage table with SQL {@code CASCADE}: views on it disappear too.
	 * @param name the stream table
	 * @param cascade whether to drop the stream tables that read it
	 * @throws StreamTableNotFoundException if the stream table does not exist
	 */
	void drop(StreamTableName name, boolean cascade);

	/**
	 * Drop a stream table if it exists.
	 * @param name the stream table
	 * @return {@code true} if it was dropped, {@code false} if it did not exist
	 */
	boolean dropIfExists(StreamTableName name);

	/**
	 * Drop a stream table if it exists, and with {@code cascade} the stream tables that read it.
	 * @param name the stream table
	 * @param cascade whether to drop the stream tables that read it
	 * @return {@code true} if it was dropped, {@code false} if it did not exist
	 */
	boolean dropIfExists(StreamTableName name, boolean cascade);

	/**
	 * Drop several stream tables in one transaction, each before the stream tables it reads.
	 * @param names the stream tables
	 * @param cascade whether to drop other stream tables that read them
	 */
	void dropAll(Collection<StreamTableName> names, boolean cascade);

	/**
	 * Refresh a stream table now, in the caller's transaction: within a {@code @Transactional}
	 * method the refresh sees the method's writes and commits with them. When another session is
	 * refreshing the same stream table, pg_trickle skips the refresh; the result then says
	 * {@link RefreshResult.Outcome#SKIPPED}.
	 * @param name the stream table
	 * @return whether the refresh ran; {@link RefreshResult#orThrow()} turns a skip into an exception
	 * @throws StreamTableSuspendedException if the stream table is suspended or in error
	 */
	RefreshResult refresh(StreamTableName name);

	/**
	 * Refresh a stream table unless a refresh completed within {@code maxAge}. Unlike pg_trickle's
	 * {@code refresh_if_stale}, this looks the stream table up by schema and name.
	 * @param name the stream table
	 * @param maxAge how old the last refresh may be
	 * @return {@link RefreshResult.Outcome#FRESH} if no refresh was needed, else the refresh's
	 * outcome
	 */
	RefreshResult refreshIfStale(StreamTableName name, Duration maxAge);

	/**
	 * Refresh several stream tables, each after the stream tables it reads, so that every one sees
	 * its upstream stream tables' latest data (pg_trickle's refresh does not cascade). Outside a
	 * transaction each refresh commits on its own.
	 * @param names the stream tables
	 * @return the results, in refresh order
	 */
	List<RefreshResult> refreshAll(Collection<StreamTableName> names);

	/**
	 * Return a stream table's definition and state.
	 * @param name the stream table
	 * @return the information, or empty if there is no such stream table
	 */
	Optional<StreamTableInfo> findInfo(StreamTableName name);

	/**
	 * Return whether a stream table exists.
	 * @param name the stream table
	 * @return {@code true} if it exists
	 */
	boolean exists(StreamTableName name);

	/**
	 * Return every stream table's definition and state.
	 * @return the stream tables, ordered by schema and name
	 */
	List<StreamTableInfo> findAll();

	/**
	 * Return the state and refresh statistics of every stream table, read in one query.
	 * @return the snapshot
	 */
	StatusSnapshot statusSnapshot();

	/**
	 * Return a stream table's refresh statistics.
	 * @param name the stream table
	 * @return the statistics
	 * @throws StreamTableNotFoundException if the stream table does not exist
	 */
	StreamTableStats stats(StreamTableName name);

	/**
	 * Return a stream table's latest refreshes, newest first.
	 * @param name the stream table
	 * @param maxEntries how many entries to return at most
	 * @return the refreshes
	 * @throws StreamTableNotFoundException if the stream table does not exist
	 */
	List<RefreshHistoryEntry> history(StreamTableName name, int maxEntries);

	/**
	 * Return pg_trickle's explanation of a stream table: how it is maintained and why.
	 * @param name the stream table
	 * @return the explanation
	 * @throws StreamTableNotFoundException if the stream table does not exist
	 */
	StreamTableExplanation explain(StreamTableName name);

	/**
	 * Return the relations a stream table reads.
	 * @param name the stream table
	 * @return the sources
	 * @throws StreamTableNotFoundException if the stream table does not exist
	 */
	List<StreamTableSource> sources(StreamTableName name);

	/**
	 * Return the sources of every stream table.
	 * @return the dependency graph
	 */
	DependencyGraph dependencyGraph();

	/**
	 * Return the health of change capture for every source table.
	 * @return one entry per source table
	 */
	List<CdcSourceHealth> cdcHealth();

	/**
	 * Run pg_trickle's own health checks.
	 * @return the checks, in pg_trickle's order
	 */
	List<HealthCheck> healthChecks();

	/**
	 * Return the version of pg_trickle installed in the database.
	 * @return the version
	 * @throws ExtensionNotInstalledException if pg_trickle is not installed
	 */
	PgTrickleVersion version();

	/**
	 * Return what the installed pg_trickle offers.
	 * @return the capabilities
	 * @throws ExtensionNotInstalledException if pg_trickle is not installed
	 */
	PgTrickleCapabilities capabilities();

	/**
	 * Wait until a stream table holds data.
	 * @param name the stream table
	 * @param timeout how long to wait at most
	 * @return the stream table's information once it is populated
	 * @throws StreamTableAwaitTimeoutException if it is not populated in time
	 * @throws StreamTableSuspendedException if it is suspended or in error, so it would never be
	 */
	StreamTableInfo awaitPopulated(StreamTableName name, Duration timeout);

	/**
	 * Wait until a stream table was refreshed within {@code maxStaleness} (an
	 * {@link RefreshMode#IMMEDIATE IMMEDIATE} one is always fresh once populated).
	 * @param name the stream table
	 * @param maxStaleness how long ago the last refresh may have completed
	 * @param timeout how long to wait at most
	 * @return the stream table's information once it is fresh
	 * @throws StreamTableAwaitTimeoutException if it is not fresh in time
	 * @throws StreamTableSuspendedException if it is suspended or in error, so it would never be
	 */
	StreamTableInfo awaitFresh(StreamTableName name, Duration maxStaleness, Duration timeout);

	/**
	 * Wait until a stream table has the given status.
	 * @param name the stream table
	 * @param status the awaited status
	 * @param timeout how long to wait at most
	 * @return the stream table's information once it has the status
	 * @throws StreamTableAwaitTimeoutException if it does not reach the status in time
	 */
	StreamTableInfo awaitStatus(StreamTableName name, StreamTableStatus status, Duration timeout);

}
