package io.pgtrickle.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The state of every stream table, read in one query, as of the database's clock.
 *
 * @param databaseTime the database's {@code now()} when the snapshot was taken
 * @param streamTables the stream tables, ordered by schema and name
 * @param scheduler whether pg_trickle's scheduler runs for the database, or {@code null} if
 * unknown
 * @param standby whether the server is a standby (in recovery), where no scheduler runs
 * @param cdcSources the change-capture state of every table source, ordered by name
 * @see PgTrickleOperations#statusSnapshot()
 */
public record StatusSnapshot(Instant databaseTime, List<StreamTableState> streamTables,
		@Nullable SchedulerStatus scheduler, boolean standby, List<CdcSourceState> cdcSources) {

	/**
	 * Create a new instance.
	 * @param databaseTime the database's {@code now()} when the snapshot was taken
	 * @param streamTables the stream tables, ordered by schema and name
	 * @param scheduler whether pg_trickle's scheduler runs for the database, or {@code null} if
	 * unknown
	 * @param standby whether the server is a standby (in recovery), where no scheduler runs
	 * @param cdcSources the change-capture state of every table source, ordered by name
	 */
	public StatusSnapshot {
		streamTables = List.copyOf(streamTables);
		cdcSources = List.copyOf(cdcSources);
	}

	/**
	 * Create a new instance without scheduler or change-capture state.
	 * @param databaseTime the database's {@code now()} when the snapshot was taken
	 * @param streamTables the stream tables, ordered by schema and name
	 */
	public StatusSnapshot(Instant databaseTime, List<StreamTableState> streamTables) {
		this(databaseTime, streamTables, null, false, List.of());
	}

	/**
	 * Return whether pg_trickle's scheduler runs for the database.
	 * @return {@code true} if it runs, {@code false} if it does not or is only starting, or
	 * {@code null} if unknown
	 */
	public @Nullable Boolean schedulerRunning() {
		return (this.scheduler != null) ? this.scheduler == SchedulerStatus.RUNNING : null;
	}

	/**
	 * Return the state of one stream table.
	 * @param name the schema-qualified name
	 * @return the state, or empty if the snapshot has no such stream table
	 */
	public Optional<StreamTableState> find(StreamTableName name) {
		return this.streamTables.stream().filter((state) -> state.name().equals(name)).findFirst();
	}

	/**
	 * Return how many stream tables have the given status.
	 * @param status the status
	 * @return the count
	 */
	public long count(StreamTableStatus status) {
		return this.streamTables.stream().filter((state) -> state.status() == status).count();
	}

}
