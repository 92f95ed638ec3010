package io.pgtrickle.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

import io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpoint.PgTrickleDescriptor;
import io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpoint.StreamTableActionDescriptor;
import io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpoint.StreamTableDescriptor;
import io.pgtrickle.core.CdcSourceHealth;
import io.pgtrickle.core.InvalidStreamTableNameException;
import io.pgtrickle.core.PgTrickleCapabilities;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.RefreshHistoryEntry;
import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StatusSnapshot;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableSource;
import io.pgtrickle.core.StreamTableState;
import io.pgtrickle.core.StreamTableStats;

/**
 * {@link Endpoint @Endpoint} to inspect and operate pg_trickle's stream tables: all of them with
 * the extension's version, capabilities and change-capture health; one of them with its
 * definition, state, recent refreshes and sources; and, when write access is granted, refresh,
 * suspend or resume one. Write operations are off by default: set
 * {@code management.endpoint.pgtrickle.access=unrestricted} to allow them.
 */
@Endpoint(id = "pgtrickle", defaultAccess = Access.READ_ONLY)
@RegisterReflectionForBinding({ PgTrickleDescriptor.class, StreamTableDescriptor.class,
		StreamTableActionDescriptor.class })
public class PgTrickleEndpoint {

	/**
	 * How many of a stream table's latest refreshes {@link #streamTable(String)} returns.
	 */
	public static final int HISTORY_SIZE = 10;

	private final PgTrickleOperations operations;

	/**
	 * Create a new instance.
	 * @param operations the operations on the stream tables to expose
	 */
	public PgTrickleEndpoint(PgTrickleOperations operations) {
		Assert.notNull(operations, "'operations' must not be null");
		this.operations = operations;
	}

	/**
	 * Return every stream table with its state, the extension's version and capabilities, and the
	 * health of change capture.
	 * @return the description
	 */
	@ReadOperation
	public PgTrickleDescriptor pgTrickle() {
		PgTrickleCapabilities capabilities = this.operations.capabilities();
		StatusSnapshot snapshot = this.operations.statusSnapshot();
		List<StreamTableSummaryDescriptor> streamTables = snapshot.streamTables()
			.stream()
			.map(StreamTableSummaryDescriptor::new)
			.toList();
		List<CdcSourceDescriptor> changeCapture = this.operations.cdcHealth()
			.stream()
			.map(CdcSourceDescriptor::new)
			.toList();
		return new PgTrickleDescriptor(new ExtensionDescriptor(capabilities), snapshot.databaseTime(), streamTables,
				changeCapture);
	}

	/**
	 * Return one stream table's definition, state, latest refreshes and sources.
	 * @param name the stream table, as {@code schema.table}, or {@code table} for the connection's
	 * current schema
	 * @return the description, or {@code null} if there is no such stream table
	 * @throws InvalidEndpointRequestException if the name cannot be a stream table's
	 */
	@ReadOperation
	public @Nullable StreamTableDescriptor streamTable(@Selector String name) {
		Optional<StreamTableInfo> found = this.operations.findInfo(parse(name));
		if (found.isEmpty()) {
			return null;
		}
		StreamTableInfo info = found.get();
		StatusSnapshot snapshot = this.operations.statusSnapshot();
		StreamTableState state = snapshot.find(info.name()).orElse(null);
		List<RefreshDescriptor> history = this.operations.history(info.name(), HISTORY_SIZE)
			.stream()
			.map(RefreshDescriptor::new)
			.toList();
		List<SourceDescriptor> sources = this.operations.sources(info.name())
			.stream()
			.map(SourceDescriptor::new)
			.toList();
		return new StreamTableDescriptor(info, state, history, sources);
	}

	/**
	 * Refresh, suspend or resume a stream table.
	 * @param name the stream table, as {@code schema.table}, or {@code table} for the connection's
	 * current schema
	 * @param action what to do
	 * @return what was done, and the stream table's status afterwards
	 * @throws InvalidEndpointRequestException if the name cannot be a stream table's
	 * @throws io.pgtrickle.core.StreamTableNotFoundException if there is no such stream table
	 */
	@WriteOperation
	public StreamTableActionDescriptor streamTableAction(@Selector String name, Action action) {
		Assert.notNull(action, "'action' must not be null");
		StreamTableName streamTable = parse(name);
		String outcome;
		String notice = null;
		switch (action) {
			case REFRESH -> {
				RefreshResult result = this.operations.refresh(streamTable);
				outcome = result.outcome().name();
				notice = result.notice();
				streamTable = result.streamTable();
			}
			case SUSPEND -> {
				this.operations.suspend(streamTable);
				outcome = "SUSPENDED";
			}
			case RESUME -> {
				this.operations.resume(streamTable);
				outcome = "RESUMED";
			}
			default -> throw new IllegalStateException("Unexpected action " + action);
		}
		StreamTableInfo info = this.operations.findInfo(streamTable).orElse(null);
		return new StreamTableActionDescriptor((info != null) ? info.name().toString() : streamTable.toString(),
				action.name(), outcome, (info != null) ? info.status().name() : null, notice);
	}

	static StreamTableName parse(String name) {
		try {
			return StreamTableName.of(name);
		}
		catch (InvalidStreamTableNameException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage(), ex);
		}
	}

	private static @Nullable String durationText(@Nullable Duration duration) {
		return (duration != null) ? duration.truncatedTo(ChronoUnit.MILLIS).toString() : null;
	}

	private static @Nullable String expression(@Nullable Schedule schedule) {
		return (schedule != null) ? schedule.expression() : null;
	}

	/**
	 * What a write operation can do to a stream table.
	 */
	public enum Action {

		/**
		 * Refresh the stream table now.
		 */
		REFRESH,

		/**
		 * Suspend the stream table: the scheduler skips it until it is resumed.
		 */
		SUSPEND,

		/**
		 * Resume a suspended stream table, or one in error once its cause is fixed.
		 */
		RESUME

	}

	/**
	 * Description of pg_trickle in the database: the extension, every stream table and the health
	 * of change capture.
	 *
	 * @param extension the installed extension
	 * @param databaseTime the database's time when the stream tables were read
	 * @param streamTables the stream tables, ordered by schema and name
	 * @param changeCapture the health of change capture, one entry per source table
	 */
	public record PgTrickleDescriptor(ExtensionDescriptor extension, Instant databaseTime,
			List<StreamTableSummaryDescriptor> streamTables,
			List<CdcSourceDescriptor> changeCapture) implements OperationResponseBody {

	}

	/**
	 * Description of the installed extension.
	 *
	 * @param version the installed version
	 * @param functions the functions in schema {@code pgtrickle}, sorted
	 * @param createArguments the arguments {@code create_stream_table} accepts, sorted
	 * @param alterArguments the arguments {@code alter_stream_table} accepts, sorted
	 */
	public record ExtensionDescriptor(String version, List<String> functions, List<String> createArguments,
			List<String> alterArguments) {

		ExtensionDescriptor(PgTrickleCapabilities capabilities) {
			this(capabilities.version().toString(), capabilities.functions().stream().sorted().toList(),
					capabilities.createArguments().stream().sorted().toList(),
					capabilities.alterArguments().stream().sorted().toList());
		}

	}

	/**
	 * Summary of one stream table.
	 *
	 * @param name the schema-qualified name
	 * @param status the status
	 * @param refreshMode the refresh mode
	 * @param schedule the schedule, or {@code null} for an {@code IMMEDIATE} stream table
	 * @param populated whether the stream table holds data
	 * @param lastRefreshAt when a refresh last completed, or {@code null}
	 * @param staleness the time since the last refresh (ISO-8601), or {@code null}
	 * @param stale pg_trickle's stale flag (set only for duration schedules), or {@code null}
	 * @param consecutiveErrors the number of failed refreshes in a row
	 * @param refreshTier the scheduling tier
	 * @param lastError the last error, or {@code null}
	 */
	public record StreamTableSummaryDescriptor(String name, String status, String refreshMode,
			@Nullable String schedule, boolean populated, @Nullable Instant lastRefreshAt, @Nullable String staleness,
			@Nullable Boolean stale, int consecutiveErrors, String refreshTier, @Nullable String lastError) {

		StreamTableSummaryDescriptor(StreamTableState state) {
			this(state.name().toString(), state.status().name(), state.refreshMode().name(),
					expression(state.schedule()), state.populated(), state.lastRefreshAt(),
					durationText(state.staleness()), state.stale(), state.consecutiveErrors(), state.refreshTier().name(),
					state.lastErrorMessage());
		}

	}

	/**
	 * Description of one stream table.
	 *
	 * @param name the schema-qualified name
	 * @param definition how the stream table is defined
	 * @param status the status
	 * @param populated whether the stream table holds data
	 * @param dataTimestamp when a refresh last changed data, or {@code null}
	 * @param lastRefreshAt when a refresh last completed, or {@code null}
	 * @param staleness the time since the last refresh (ISO-8601), or {@code null}
	 * @param stale pg_trickle's stale flag (set only for duration schedules), or {@code null}
	 * @param consecutiveErrors the number of failed refreshes in a row
	 * @param needsReinitialization whether the next refresh is a full reinitialization
	 * @param lastError the last error, or {@code null}
	 * @param lastErrorAt when the last error happened, or {@code null}
	 * @param statistics the refresh statistics, or {@code null} if they could not be read
	 * @param history the latest refreshes, newest first
	 * @param sources the relations the stream table reads
	 */
	public record StreamTableDescriptor(String name, DefinitionDescriptor definition, String status, boolean populated,
			@Nullable Instant dataTimestamp, @Nullable Instant lastRefreshAt, @Nullable String staleness,
			@Nullable Boolean stale, int consecutiveErrors, boolean needsReinitialization, @Nullable String lastError,
			@Nullable Instant lastErrorAt, @Nullable StatisticsDescriptor statistics, List<RefreshDescriptor> history,
			List<SourceDescriptor> sources) implements OperationResponseBody {

		StreamTableDescriptor(StreamTableInfo info, @Nullable StreamTableState state, List<RefreshDescriptor> history,
				List<SourceDescriptor> sources) {
			this(info.name().toString(), new DefinitionDescriptor(info), info.status().name(), info.populated(),
					info.dataTimestamp(), info.lastRefreshAt(), (state != null) ? durationText(state.staleness()) : null,
					(state != null) ? state.stale() : null, info.consecutiveErrors(), info.needsReinitialization(),
					info.lastErrorMessage(), info.lastErrorAt(),
					(state != null) ? new StatisticsDescriptor(state.stats()) : null, history, sources);
		}

	}

	/**
	 * Description of how a stream table is defined.
	 *
	 * @param query the defining query as pg_trickle stores it
	 * @param originalQuery the query as given, when it differs, or {@code null}
	 * @param schedule the schedule, or {@code null} for an {@code IMMEDIATE} stream table
	 * @param refreshMode the refresh mode
	 * @param effectiveRefreshMode how the latest refresh ran, or {@code null}
	 * @param requestedCdcMode the requested change-capture mode, or {@code null} to follow the
	 * server setting
	 * @param appendOnly whether the append-only fast path is on
	 * @param refreshTier the scheduling tier
	 * @param createdAt when the stream table was created
	 * @param updatedAt when its definition or state last changed
	 */
	public record DefinitionDescriptor(String query, @Nullable String originalQuery, @Nullable String schedule,
			String refreshMode, @Nullable String effectiveRefreshMode, @Nullable String requestedCdcMode,
			boolean appendOnly, String refreshTier, Instant createdAt, Instant updatedAt) {

		DefinitionDescriptor(StreamTableInfo info) {
			this(info.query(), info.originalQuery(), expression(info.schedule()), info.refreshMode().name(),
					info.effectiveRefreshMode(), (info.requestedCdcMode() != null) ? info.requestedCdcMode().name() : null,
					info.appendOnly(), info.refreshTier().name(), info.createdAt(), info.updatedAt());
		}

	}

	/**
	 * Refresh statistics of a stream table, from pg_trickle's refresh history.
	 *
	 * @param totalRefreshes refreshes in the history, including ones that found nothing to do
	 * @param successfulRefreshes completed refreshes
	 * @param failedRefreshes failed refreshes
	 * @param rowsInserted rows inserted by all refreshes
	 * @param rowsDeleted rows deleted by all refreshes
	 * @param averageDuration the mean duration of finished refreshes (ISO-8601), or {@code null}
	 */
	public record StatisticsDescriptor(long totalRefreshes, long successfulRefreshes, long failedRefreshes,
			long rowsInserted, long rowsDeleted, @Nullable String averageDuration) {

		StatisticsDescriptor(StreamTableStats stats) {
			this(stats.totalRefreshes(), stats.successfulRefreshes(), stats.failedRefreshes(), stats.rowsInserted(),
					stats.rowsDeleted(), durationText(stats.averageDuration()));
		}

	}

	/**
	 * Description of one refresh.
	 *
	 * @param refreshId the id, increasing over time
	 * @param startTime when it started
	 * @param endTime when it ended, or {@code null} while it runs
	 * @param action {@code NO_DATA}, {@code FULL}, {@code DIFFERENTIAL}, {@code REINITIALIZE} or
	 * {@code SKIP}
	 * @param status {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code SKIPPED}
	 * @param initiatedBy {@code SCHEDULER}, {@code MANUAL}, {@code INITIAL}, ... or {@code null}
	 * @param rowsInserted the rows it inserted
	 * @param rowsDeleted the rows it deleted
	 * @param duration how long it took (ISO-8601), or {@code null} while it runs
	 * @param error why it failed or was skipped, or {@code null}
	 */
	public record RefreshDescriptor(long refreshId, Instant startTime, @Nullable Instant endTime, String action,
			String status, @Nullable String initiatedBy, long rowsInserted, long rowsDeleted, @Nullable String duration,
			@Nullable String error) {

		RefreshDescriptor(RefreshHistoryEntry entry) {
			this(entry.refreshId(), entry.startTime(), entry.endTime(), entry.action(), entry.status(),
					entry.initiatedBy(), entry.rowsInserted(), entry.rowsDeleted(), durationText(entry.duration()),
					entry.errorMessage());
		}

	}

	/**
	 * Description of a relation a stream table reads.
	 *
	 * @param source the relation as {@code schema.name}
	 * @param type the kind of relation
	 * @param cdcMode how its changes are captured
	 * @param columnsUsed the columns the stream table reads, or {@code null} if unknown
	 */
	public record SourceDescriptor(String source, String type, String cdcMode, @Nullable List<String> columnsUsed) {

		SourceDescriptor(StreamTableSource source) {
			this(source.source(), source.sourceType().name(), source.cdcMode().name(), source.columnsUsed());
		}

	}

	/**
	 * Description of change capture for one source table.
	 *
	 * @param sourceTable the source table
	 * @param cdcMode how its changes are captured
	 * @param slotName the replication slot (WAL capture only), or {@code null}
	 * @param lagBytes how far the slot lags (WAL capture only), or {@code null}
	 * @param alert a problem pg_trickle found, or {@code null} when healthy
	 */
	public record CdcSourceDescriptor(String sourceTable, String cdcMode, @Nullable String slotName,
			@Nullable Long lagBytes, @Nullable String alert) {

		CdcSourceDescriptor(CdcSourceHealth health) {
			this(health.sourceTable(), health.cdcMode().name(), health.slotName(), health.lagBytes(), health.alert());
		}

	}

	/**
	 * Description of what a write operation did.
	 *
	 * @param streamTable the schema-qualified stream table
	 * @param action the action requested
	 * @param outcome {@code REFRESHED} or {@code SKIPPED} (another session was refreshing it) for a
	 * refresh, {@code SUSPENDED} or {@code RESUMED} otherwise
	 * @param status the stream table's status afterwards, or {@code null} if it could not be read
	 * @param notice pg_trickle's notice for a skipped refresh, or {@code null}
	 */
	public record StreamTableActionDescriptor(String streamTable, String action, String outcome,
			@Nullable String status, @Nullable String notice) implements OperationResponseBody {

	}

}
