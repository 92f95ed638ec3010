package io.pgtrickle.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

import io.pgtrickle.core.PgTrickleSession.RowReader;
import io.pgtrickle.core.PgTrickleSession.SessionCallback;
import io.pgtrickle.core.PgTrickleSql.Call;
import io.pgtrickle.core.observation.DefaultPgTrickleObservationConvention;
import io.pgtrickle.core.observation.PgTrickleObservationContext;
import io.pgtrickle.core.observation.PgTrickleObservationContext.Outcome;
import io.pgtrickle.core.observation.PgTrickleObservationConvention;
import io.pgtrickle.core.observation.PgTrickleObservationDocumentation;
import io.pgtrickle.events.StreamTableRefreshedEvent;
import io.pgtrickle.events.StreamTableSignals;

/**
 * The central class for working with pg_trickle's stream tables from Java: create, alter, drop,
 * refresh, inspect and wait for them, with typed values and exceptions instead of SQL strings.
 * <p>
 * The template works on a {@link JdbcTemplate} over any {@link DataSource}, so it takes part in the
 * thread's Spring-managed transaction: a refresh inside a {@code @Transactional} method sees the
 * method's writes and commits with them. It is thread-safe once configured; create it once and
 * share it. The version and capabilities of the installed pg_trickle are probed once, when first
 * needed, and cached.
 * <p>
 * All calls use named arguments and send only the options that were set, so they keep working
 * when pg_trickle adds or reorders parameters. Values are always bound, never concatenated into
 * SQL. With an {@link ObservationRegistry} set, every operation is observed
 * ({@link PgTrickleObservationDocumentation#OPERATION}).
 * <p>
 * With an {@link ApplicationEventPublisher} (set by the application context when the template is
 * a bean), every refresh that ran publishes a {@link StreamTableRefreshedEvent} once it is visible to
 * other sessions: after the surrounding transaction commits, or at once without a transaction.
 * pg_trickle itself announces no manual refresh. With {@link StreamTableSignals} set, usually an
 * {@link io.pgtrickle.events.PgTrickleAlertListener}, the {@code await*} operations wait on
 * pg_trickle's notifications while the listener is connected, and poll otherwise.
 */
public class PgTrickleTemplate implements PgTrickleOperations, ApplicationEventPublisherAware {

	private static final PgTrickleObservationConvention DEFAULT_CONVENTION = new DefaultPgTrickleObservationConvention();

	private static final String REFRESH_SKIPPED = "refresh skipped";

	private final JdbcTemplate jdbcTemplate;

	private PgTrickleExceptionTranslator exceptionTranslator;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable PgTrickleObservationConvention observationConvention;

	private AwaitStrategy awaitStrategy = new PollingAwaitStrategy();

	private volatile @Nullable ApplicationEventPublisher applicationEventPublisher;

	private volatile @Nullable StreamTableSignals streamTableSignals;

	private volatile @Nullable PgTrickleCapabilities capabilities;

	/**
	 * Create a template for the given data source.
	 * @param dataSource the data source, pooled or not
	 */
	public PgTrickleTemplate(DataSource dataSource) {
		this(new JdbcTemplate(dataSource));
	}

	/**
	 * Create a template that works through the given {@link JdbcTemplate}, using its data source,
	 * query timeout and fetch size, and its exception translator for errors that are not
	 * pg_trickle's.
	 * @param jdbcTemplate the JDBC template, with a data source
	 */
	public PgTrickleTemplate(JdbcTemplate jdbcTemplate) {
		Assert.notNull(jdbcTemplate, "'jdbcTemplate' must not be null");
		Assert.notNull(jdbcTemplate.getDataSource(), "'jdbcTemplate' must have a DataSource");
		this.jdbcTemplate = jdbcTemplate;
		this.exceptionTranslator = new PgTrickleExceptionTranslator(jdbcTemplate.getExceptionTranslator());
	}

	/**
	 * Return the {@link JdbcTemplate} this template works through.
	 * @return the JDBC template
	 */
	public JdbcTemplate getJdbcTemplate() {
		return this.jdbcTemplate;
	}

	/**
	 * Set the translator of SQL exceptions. By default, a {@link PgTrickleExceptionTranslator} that
	 * falls back to the JDBC template's translator.
	 * @param exceptionTranslator the translator
	 */
	public void setExceptionTranslator(PgTrickleExceptionTranslator exceptionTranslator) {
		Assert.notNull(exceptionTranslator, "'exceptionTranslator' must not be null");
		this.exceptionTranslator = exceptionTranslator;
	}

	/**
	 * Set the registry that observes every operation. By default {@link ObservationRegistry#NOOP},
	 * which observes nothing.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set a convention that replaces {@link DefaultPgTrickleObservationConvention}.
	 * @param observationConvention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable PgTrickleObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Set the publisher of a {@link StreamTableRefreshedEvent} for each refresh through this
	 * template, published after the refresh's transaction commits. The application context sets
	 * it when the template is a bean. By default, none: nothing is published.
	 * @param applicationEventPublisher the publisher, or {@code null} to publish nothing
	 */
	@Override
	public void setApplicationEventPublisher(@Nullable ApplicationEventPublisher applicationEventPublisher) {
		this.applicationEventPublisher = applicationEventPublisher;
	}

	/**
	 * Set the signals that {@link #awaitPopulated awaitPopulated}, {@link #awaitFresh awaitFresh}
	 * and {@link #awaitStatus awaitStatus} wait on while they are active, usually the
	 * {@link io.pgtrickle.events.PgTrickleAlertListener} of the same database; this template's own
	 * refreshes are signalled too. By default, none: waiting polls.
	 * @param streamTableSignals the signals, or {@code null} to always poll
	 */
	public void setStreamTableSignals(@Nullable StreamTableSignals streamTableSignals) {
		this.streamTableSignals = streamTableSignals;
	}

	void setAwaitStrategy(AwaitStrategy awaitStrategy) {
		this.awaitStrategy = awaitStrategy;
	}

	// Lifecycle

	@Override
	public void create(StreamTableDefinition definition) {
		Assert.notNull(definition, "'definition' must not be null");
		observe("create", definition.name(), (context) -> session("create stream table", definition.name(), (session) -> {
			StreamTableDefinition qualified = qualify(session, context, definition);
			checkCreateOptions(session, qualified, PgTrickleSql.CREATE_STREAM_TABLE);
			session.execute(PgTrickleSql.create(PgTrickleSql.CREATE_STREAM_TABLE, qualified, null));
			return Boolean.TRUE;
		}));
	}

	@Override
	public boolean createIfNotExists(StreamTableDefinition definition) {
		Assert.notNull(definition, "'definition' must not be null");
		return observe("createIfNotExists", definition.name(),
				(context) -> session("create stream table if not exists", definition.name(), (session) -> {
					StreamTableDefinition qualified = qualify(session, context, definition);
					checkCreateOptions(session, qualified, PgTrickleSql.CREATE_STREAM_TABLE_IF_NOT_EXISTS);
					List<String> notices = session
						.execute(PgTrickleSql.create(PgTrickleSql.CREATE_STREAM_TABLE_IF_NOT_EXISTS, qualified, null));
					String existed = "Stream table " + qualified.name() + " already exists";
					return notices.stream().noneMatch((notice) -> notice.startsWith(existed));
				}));
	}

	@Override
	public CreateOrReplaceOutcome createOrReplace(StreamTableDefinition definition) {
		Assert.notNull(definition, "'definition' must not be null");
		return observe("createOrReplace", definition.name(),
				(context) -> session("create or replace stream table", definition.name(), (session) -> {
					StreamTableDefinition qualified = qualify(session, context, definition);
					checkCreateOrReplaceOptions(session, qualified);
					StreamTableName name = qualified.name();
					String stored = session.queryForObject(
							Call.of(PgTrickleSql.STORED_REFRESH_MODE, name.schema(), name.name()),
							(row) -> row.string("refresh_mode"));
					RefreshMode override = null;
					RefreshMode requested = qualified.refreshMode();
					if (stored != null && (requested == null || requested == RefreshMode.AUTO)) {
						RefreshMode storedMode = RefreshMode.from(stored);
						override = (storedMode != RefreshMode.UNKNOWN) ? storedMode : null;
					}
					List<String> notices = session
						.execute(PgTrickleSql.create(PgTrickleSql.CREATE_OR_REPLACE_STREAM_TABLE, qualified, override));
					if (stored == null) {
						return CreateOrReplaceOutcome.CREATED;
					}
					String identical = "Stream table " + name + " already exists with identical definition";
					boolean unchanged = notices.stream().anyMatch((notice) -> notice.startsWith(identical));
					return unchanged ? CreateOrReplaceOutcome.UNCHANGED : CreateOrReplaceOutcome.REPLACED;
				}));
	}

	@Override
	public void createAll(List<StreamTableDefinition> definitions) {
		Assert.notNull(definitions, "'definitions' must not be null");
		Assert.noNullElements(definitions, "'definitions' must not contain null elements");
		observe("createAll", null, (context) -> inTransaction("create stream tables", (session) -> {
			for (StreamTableDefinition definition : definitions) {
				StreamTableDefinition qualified = definition.withName(session.resolve(definition.name()));
				session.concern(qualified.name());
				checkCreateOptions(session, qualified, PgTrickleSql.CREATE_STREAM_TABLE);
				session.execute(PgTrickleSql.create(PgTrickleSql.CREATE_STREAM_TABLE, qualified, null));
			}
			return Boolean.TRUE;
		}));
	}

	@Override
	public void alter(StreamTableName name, StreamTableAlteration alteration) {
		Assert.notNull(name, "'name' must not be null");
		Assert.notNull(alteration, "'alteration' must not be null");
		observe("alter", name, (context) -> session("alter stream table", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			doAlter(session, resolved, alteration);
			return Boolean.TRUE;
		}));
	}

	@Override
	public void alterAll(Collection<StreamTableName> names, StreamTableAlteration alteration) {
		Assert.notNull(names, "'names' must not be null");
		Assert.noNullElements(names, "'names' must not contain null elements");
		Assert.notNull(alteration, "'alteration' must not be null");
		observe("alterAll", null, (context) -> inTransaction("alter stream tables", (session) -> {
			for (StreamTableName name : names) {
				StreamTableName resolved = session.resolve(name);
				session.concern(resolved);
				doAlter(session, resolved, alteration);
			}
			return Boolean.TRUE;
		}));
	}

	@Override
	public void suspend(StreamTableName name) {
		Assert.notNull(name, "'name' must not be null");
		observe("suspend", name, (context) -> session("suspend stream table", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			session.execute(PgTrickleSql.alter(resolved, StreamTableAlteration.ofStatus(StreamTableStatus.SUSPENDED)));
			return Boolean.TRUE;
		}));
	}

	@Override
	public void resume(StreamTableName name) {
		Assert.notNull(name, "'name' must not be null");
		observe("resume", name, (context) -> session("resume stream table", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			session.execute(Call.of(PgTrickleSql.RESUME, resolved.toString()));
			return Boolean.TRUE;
		}));
	}

	@Override
	public void drop(StreamTableName name) {
		drop(name, false);
	}

	@Override
	public void drop(StreamTableName name, boolean cascade) {
		Assert.notNull(name, "'name' must not be null");
		observe("drop", name, (context) -> session("drop stream table", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			session.execute(Call.of(PgTrickleSql.DROP, resolved.toString(), cascade));
			return Boolean.TRUE;
		}));
	}

	@Override
	public boolean dropIfExists(StreamTableName name) {
		return dropIfExists(name, false);
	}

	@Override
	public boolean dropIfExists(StreamTableName name, boolean cascade) {
		Assert.notNull(name, "'name' must not be null");
		return observe("dropIfExists", name, (context) -> session("drop stream table if exists", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			Boolean dropped = session.fenced((fenced) -> {
				fenced.execute(Call.of(PgTrickleSql.DROP, resolved.toString(), cascade));
				return Boolean.TRUE;
			}, StreamTableNotFoundException.class);
			return dropped != null;
		}));
	}

	@Override
	public void dropAll(Collection<StreamTableName> names, boolean cascade) {
		Assert.notNull(names, "'names' must not be null");
		Assert.noNullElements(names, "'names' must not contain null elements");
		observe("dropAll", null, (context) -> inTransaction("drop stream tables", (session) -> {
			List<StreamTableName> resolved = new ArrayList<>(names.size());
			for (StreamTableName name : names) {
				resolved.add(session.resolve(name));
			}
			List<StreamTableName> order = new ArrayList<>(readDependencyGraph(session).inRefreshOrder(resolved));
			Collections.reverse(order);
			for (StreamTableName name : order) {
				session.concern(name);
				session.execute(Call.of(PgTrickleSql.DROP, name.toString(), cascade));
			}
			return Boolean.TRUE;
		}));
	}

	// Refresh

	@Override
	public RefreshResult refresh(StreamTableName name) {
		Assert.notNull(name, "'name' must not be null");
		RefreshResult result = observe("refresh", name,
				(context) -> session("refresh stream table", name, (session) -> {
					StreamTableName resolved = resolve(session, context, name);
					return doRefresh(session, context, resolved);
				}));
		announce(result);
		return result;
	}

	@Override
	public RefreshResult refreshIfStale(StreamTableName name, Duration maxAge) {
		Assert.notNull(name, "'name' must not be null");
		checkDuration(maxAge, "maxAge");
		RefreshResult result = observe("refreshIfStale", name,
				(context) -> session("refresh stream table if stale", name, (session) -> {
					StreamTableName resolved = resolve(session, context, name);
					Boolean stale = session.queryForObject(
							Call.of(PgTrickleSql.IS_STALE, seconds(maxAge), resolved.schema(), resolved.name()),
							(row) -> row.bool("stale"));
					if (stale == null) {
						throw notFound(resolved);
					}
					if (!stale) {
						return new RefreshResult(resolved, RefreshResult.Outcome.FRESH, null);
					}
					return doRefresh(session, context, resolved);
				}));
		announce(result);
		return result;
	}

	@Override
	public List<RefreshResult> refreshAll(Collection<StreamTableName> names) {
		Assert.notNull(names, "'names' must not be null");
		Assert.noNullElements(names, "'names' must not contain null elements");
		return observe("refreshAll", null, (context) -> {
			List<StreamTableName> order = session("refresh stream tables", null, (session) -> {
				Set<StreamTableName> resolved = new LinkedHashSet<>();
				for (StreamTableName name : names) {
					resolved.add(session.resolve(name));
				}
				return readDependencyGraph(session).inRefreshOrder(resolved);
			});
			List<RefreshResult> results = new ArrayList<>(order.size());
			for (StreamTableName name : order) {
				RefreshResult result = refresh(name);
				if (result.isSkipped()) {
					context.setOutcome(Outcome.SKIPPED);
				}
				results.add(result);
			}
			return Collections.unmodifiableList(results);
		});
	}

	// Read

	@Override
	public Optional<StreamTableInfo> findInfo(StreamTableName name) {
		Assert.notNull(name, "'name' must not be null");
		return observe("findInfo", name, (context) -> session("find stream table", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			return Optional.ofNullable(session.queryForObject(
					Call.of(PgTrickleSql.FIND_INFO, resolved.schema(), resolved.name()), PgTrickleRows::info));
		}));
	}

	@Override
	public boolean exists(StreamTableName name) {
		Assert.notNull(name, "'name' must not be null");
		return observe("exists", name, (context) -> session("check stream table", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			return Boolean.TRUE.equals(session.queryForObject(
					Call.of(PgTrickleSql.EXISTS, resolved.schema(), resolved.name()), (row) -> row.bool("exists")));
		}));
	}

	@Override
	public List<StreamTableInfo> findAll() {
		return observe("findAll", null,
				(context) -> queryAll("find stream tables", PgTrickleSql.FIND_ALL, PgTrickleRows::info));
	}

	@Override
	public StatusSnapshot statusSnapshot() {
		return observe("statusSnapshot", null, (context) -> session("read status snapshot", null, (session) -> {
			Instant[] databaseTime = new Instant[1];
			SchedulerStatus[] scheduler = new SchedulerStatus[1];
			boolean[] standby = new boolean[1];
			List<StreamTableState> states = new ArrayList<>();
			List<CdcSourceState> cdcSources = new ArrayList<>();
			boolean[] first = { true };
			session.forEachRow(Call.of(PgTrickleSql.STATUS_SNAPSHOT), (row) -> {
				databaseTime[0] = row.instant("database_time");
				if (first[0]) {
					first[0] = false;
					scheduler[0] = SchedulerStatus.parse(row.nullableString("scheduler_state"));
					standby[0] = Boolean.TRUE.equals(row.nullableBoolean("in_recovery"));
					cdcSources.addAll(PgTrickleRows.cdcSources(row));
				}
				if (row.nullableString("pgt_name") != null) {
					states.add(PgTrickleRows.state(row));
				}
			});
			return new StatusSnapshot(databaseTime[0], states, scheduler[0], standby[0], cdcSources);
		}));
	}

	@Override
	public StreamTableStats stats(StreamTableName name) {
		Assert.notNull(name, "'name' must not be null");
		return observe("stats", name, (context) -> session("read stream table statistics", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			StreamTableStats stats = session.queryForObject(
					Call.of(PgTrickleSql.STATS, resolved.schema(), resolved.name()), PgTrickleRows::stats);
			if (stats == null) {
				throw notFound(resolved);
			}
			return stats;
		}));
	}

	@Override
	public List<RefreshHistoryEntry> history(StreamTableName name, int maxEntries) {
		Assert.notNull(name, "'name' must not be null");
		if (maxEntries < 1) {
			throw new InvalidStreamTableArgumentException(
					"Stream table " + name + ": maxEntries must be at least 1, got " + maxEntries, name, null);
		}
		return observe("history", name, (context) -> session("read stream table history", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			List<RefreshHistoryEntry> entries = new ArrayList<>();
			int rows = session.forEachRow(
					Call.of(PgTrickleSql.HISTORY, maxEntries, resolved.schema(), resolved.name()), (row) -> {
						if (row.nullableLong("refresh_id") != null) {
							entries.add(PgTrickleRows.historyEntry(row));
						}
					});
			if (rows == 0) {
				throw notFound(resolved);
			}
			return Collections.unmodifiableList(entries);
		}));
	}

	@Override
	public StreamTableExplanation explain(StreamTableName name) {
		Assert.notNull(name, "'name' must not be null");
		return observe("explain", name, (context) -> session("explain stream table", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			Map<String, String> properties = new LinkedHashMap<>();
			session.forEachRow(Call.of(PgTrickleSql.EXPLAIN, resolved.toString(), false), (row) -> {
				String value = row.nullableString("value");
				properties.put(row.string("property"), (value != null) ? value : "");
			});
			String error = properties.get("error");
			if (properties.size() <= 1 && (properties.isEmpty() || (error != null && error.contains("not found")))) {
				throw notFound(resolved);
			}
			return new StreamTableExplanation(resolved, properties);
		}));
	}

	@Override
	public List<StreamTableSource> sources(StreamTableName name) {
		Assert.notNull(name, "'name' must not be null");
		return observe("sources", name, (context) -> session("list stream table sources", name, (session) -> {
			StreamTableName resolved = resolve(session, context, name);
			List<StreamTableSource> sources = new ArrayList<>();
			int rows = session.forEachRow(
					Call.of(PgTrickleSql.SOURCES, resolved.toString(), resolved.schema(), resolved.name()), (row) -> {
						if (row.nullableString("source_table") != null) {
							sources.add(PgTrickleRows.source(row));
						}
					});
			if (rows == 0) {
				throw notFound(resolved);
			}
			return Collections.unmodifiableList(sources);
		}));
	}

	@Override
	public DependencyGraph dependencyGraph() {
		return observe("dependencyGraph", null,
				(context) -> session("read dependency graph", null, PgTrickleTemplate::readDependencyGraph));
	}

	@Override
	public List<CdcSourceHealth> cdcHealth() {
		return observe("cdcHealth", null,
				(context) -> queryAll("check change capture health", PgTrickleSql.CDC_HEALTH, PgTrickleRows::cdcHealth));
	}

	@Override
	public List<HealthCheck> healthChecks() {
		return observe("healthChecks", null,
				(context) -> queryAll("run pg_trickle health checks", PgTrickleSql.HEALTH_CHECKS, PgTrickleRows::healthCheck));
	}

	@Override
	public PgTrickleVersion version() {
		return observe("version", null, (context) -> capabilitiesOrRead().version());
	}

	@Override
	public PgTrickleCapabilities capabilities() {
		return observe("capabilities", null, (context) -> capabilitiesOrRead());
	}

	// Wait

	@Override
	public StreamTableInfo awaitPopulated(StreamTableName name, Duration timeout) {
		Assert.notNull(name, "'name' must not be null");
		checkDuration(timeout, "timeout");
		return observe("awaitPopulated", name, (context) -> await(context, name, timeout, "become populated", true,
				(observed) -> observed.info().populated()));
	}

	@Override
	public StreamTableInfo awaitFresh(StreamTableName name, Duration maxStaleness, Duration timeout) {
		Assert.notNull(name, "'name' must not be null");
		checkDuration(maxStaleness, "maxStaleness");
		checkDuration(timeout, "timeout");
		return observe("awaitFresh", name, (context) -> await(context, name, timeout,
				"become fresh (refreshed within " + maxStaleness + ")", true, (observed) -> {
					StreamTableInfo info = observed.info();
					if (!info.populated()) {
						return false;
					}
					if (info.refreshMode() == RefreshMode.IMMEDIATE) {
						return true;
					}
					Instant lastRefresh = info.lastRefreshAt();
					return lastRefresh != null
							&& Duration.between(lastRefresh, observed.databaseTime()).compareTo(maxStaleness) <= 0;
				}));
	}

	@Override
	public StreamTableInfo awaitStatus(StreamTableName name, StreamTableStatus status, Duration timeout) {
		Assert.notNull(name, "'name' must not be null");
		Assert.notNull(status, "'status' must not be null");
		checkDuration(timeout, "timeout");
		return observe("awaitStatus", name, (context) -> await(context, name, timeout, "reach status " + status, false,
				(observed) -> observed.info().status() == status));
	}

	// Internals

	private <T> T observe(String operation, @Nullable StreamTableName name,
			Function<PgTrickleObservationContext, T> action) {
		PgTrickleObservationContext context = new PgTrickleObservationContext(operation, name);
		Observation observation = PgTrickleObservationDocumentation.OPERATION.observation(this.observationConvention,
				DEFAULT_CONVENTION, () -> context, this.observationRegistry);
		return observation.observe(() -> action.apply(context));
	}

	private <T> T session(String task, @Nullable StreamTableName name, SessionCallback<T> callback) {
		PgTrickleExceptionTranslator translator = this.exceptionTranslator;
		String description = (name != null) ? task + " " + name : task;
		T result = this.jdbcTemplate.execute((ConnectionCallback<T>) (connection) -> {
			PgTrickleSession session = new PgTrickleSession(connection, translator, description);
			session.concern(name);
			try {
				return callback.doInSession(session);
			}
			catch (SQLException ex) {
				throw session.translate(null, ex);
			}
		});
		Assert.state(result != null, "No result");
		return result;
	}

	private <T> T inTransaction(String task, SessionCallback<T> callback) {
		return session(task, null, (session) -> session.inTransaction(callback));
	}

	private <T> List<T> queryAll(String task, String sql, RowReader<T> reader) {
		return session(task, null, (session) -> Collections.unmodifiableList(session.query(Call.of(sql), reader)));
	}

	private static StreamTableName resolve(PgTrickleSession session, PgTrickleObservationContext context,
			StreamTableName name) {
		StreamTableName resolved = session.resolve(name);
		session.concern(resolved);
		context.setStreamTable(resolved);
		return resolved;
	}

	private static StreamTableDefinition qualify(PgTrickleSession session, PgTrickleObservationContext context,
			StreamTableDefinition definition) {
		StreamTableName resolved = resolve(session, context, definition.name());
		return (resolved == definition.name()) ? definition : definition.withName(resolved);
	}

	private RefreshResult doRefresh(PgTrickleSession session, PgTrickleObservationContext context,
			StreamTableName name) {
		List<String> notices = session.execute(Call.of(PgTrickleSql.REFRESH, name.toString()));
		for (String notice : notices) {
			if (notice.startsWith(REFRESH_SKIPPED)) {
				context.setOutcome(Outcome.SKIPPED);
				return new RefreshResult(name, RefreshResult.Outcome.SKIPPED, notice);
			}
		}
		return new RefreshResult(name, RefreshResult.Outcome.REFRESHED, null);
	}

	/**
	 * Tell the application about a refresh that ran, once other sessions can see it: after the
	 * surrounding transaction commits (nothing when it rolls back), or at once without one.
	 */
	private void announce(RefreshResult result) {
		if (!result.isRefreshed()) {
			return;
		}
		ApplicationEventPublisher publisher = this.applicationEventPublisher;
		StreamTableSignals signals = this.streamTableSignals;
		if (publisher == null && signals == null) {
			return;
		}
		String streamTable = result.streamTable().toString();
		Runnable announcement = () -> {
			if (publisher != null) {
				publisher.publishEvent(new StreamTableRefreshedEvent(this, streamTable));
			}
			if (signals != null) {
				signals.signal(streamTable);
			}
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					announcement.run();
				}

			});
		}
		else {
			announcement.run();
		}
	}

	private void doAlter(PgTrickleSession session, StreamTableName name, StreamTableAlteration alteration) {
		if (alteration.isEmpty()) {
			return;
		}
		StreamTableAlteration effective = alteration;
		if (alteration.targetFreshness() != null) {
			PgTrickleCapabilities capabilities = capabilities(session);
			if (!capabilities.supportsAlterArgument("target_freshness")) {
				throw unsupportedOption(name, "targetFreshness", PgTrickleSql.ALTER_STREAM_TABLE, capabilities);
			}
		}
		if (alteration.refreshMode() == RefreshMode.AUTO) {
			effective = alteration.withRefreshMode(resolveAuto(session, name, alteration.query()));
		}
		session.execute(PgTrickleSql.alter(name, effective));
	}

	/**
	 * Return the refresh mode pg_trickle's AUTO would choose for the query, as its
	 * {@code validate_query} reports it: {@code alter_stream_table} cannot store AUTO itself.
	 */
	private RefreshMode resolveAuto(PgTrickleSession session, StreamTableName name, @Nullable String query) {
		Call call = (query != null) ? Call.of(PgTrickleSql.RESOLVE_AUTO_FOR_QUERY, query)
				: Call.of(PgTrickleSql.RESOLVE_AUTO_FOR_STORED_QUERY, name.schema(), name.name());
		String resolved = session.queryForObject(call, (row) -> row.nullableString("result"));
		if (resolved == null) {
			if (query == null && !Boolean.TRUE.equals(session
				.queryForObject(Call.of(PgTrickleSql.EXISTS, name.schema(), name.name()), (row) -> row.bool("exists")))) {
				throw notFound(name);
			}
			throw new InvalidStreamTableArgumentException("Stream table " + name + ": pg_trickle's validate_query did "
					+ "not say which refresh mode AUTO would choose; pass FULL or DIFFERENTIAL", name, null);
		}
		return switch (resolved.trim().toUpperCase(Locale.ROOT)) {
			case "FULL" -> RefreshMode.FULL;
			case "DIFFERENTIAL", "TOPK", "TOP_K" -> RefreshMode.DIFFERENTIAL;
			case "IMMEDIATE" -> RefreshMode.IMMEDIATE;
			default -> throw new InvalidStreamTableArgumentException("Stream table " + name + ": pg_trickle's "
					+ "validate_query resolved AUTO to '" + resolved + "', which this library does not know; pass "
					+ "FULL or DIFFERENTIAL", name, null);
		};
	}

	private void checkCreateOptions(PgTrickleSession session, StreamTableDefinition definition, String function) {
		if (definition.fillfactor() == null && definition.targetFreshness() == null
				&& definition.orchestrationMode() == null) {
			return;
		}
		PgTrickleCapabilities capabilities = capabilities(session);
		checkOption(definition, definition.fillfactor(), "fillfactor", "fillfactor", function, capabilities.createArguments(),
				capabilities);
		checkOption(definition, definition.targetFreshness(), "targetFreshness", "target_freshness", function,
				capabilities.createArguments(), capabilities);
		checkOption(definition, definition.orchestrationMode(), "orchestrationMode", "orchestration_mode", function,
				capabilities.createArguments(), capabilities);
	}

	private void checkCreateOrReplaceOptions(PgTrickleSession session, StreamTableDefinition definition) {
		String function = PgTrickleSql.CREATE_OR_REPLACE_STREAM_TABLE;
		if (definition.fillfactor() != null || definition.targetFreshness() != null) {
			throw new InvalidStreamTableArgumentException("Stream table " + definition.name() + ": " + function
					+ " accepts neither fillfactor nor targetFreshness; create the stream table with createIfNotExists, "
					+ "or set targetFreshness with alter", definition.name(), null);
		}
		if (definition.orchestrationMode() != null) {
			PgTrickleCapabilities capabilities = capabilities(session);
			checkOption(definition, definition.orchestrationMode(), "orchestrationMode", "orchestration_mode", function,
					capabilities.createOrReplaceArguments(), capabilities);
		}
	}

	private static void checkOption(StreamTableDefinition definition, @Nullable Object value, String option,
			String argument, String function, Set<String> supported, PgTrickleCapabilities capabilities) {
		if (value != null && !supported.contains(argument)) {
			throw unsupportedOption(definition.name(), option, function, capabilities);
		}
	}

	private static InvalidStreamTableArgumentException unsupportedOption(StreamTableName name, String option,
			String function, PgTrickleCapabilities capabilities) {
		return new InvalidStreamTableArgumentException("Stream table " + name + ": option " + option + " is not "
				+ "supported by pgtrickle." + function + " in pg_trickle " + capabilities.version()
				+ "; leave it unset, or upgrade pg_trickle", name, null);
	}

	private PgTrickleCapabilities capabilitiesOrRead() {
		PgTrickleCapabilities capabilities = this.capabilities;
		if (capabilities != null) {
			return capabilities;
		}
		return session("read pg_trickle capabilities", null, this::capabilities);
	}

	private PgTrickleCapabilities capabilities(PgTrickleSession session) {
		PgTrickleCapabilities capabilities = this.capabilities;
		if (capabilities == null) {
			capabilities = session.queryForObject(Call.of(PgTrickleSql.CAPABILITIES),
					(row) -> new PgTrickleCapabilities(PgTrickleVersion.parse(row.string("extversion")),
							Set.copyOf(listOrEmpty(row.nullableStringList("create_arguments"))),
							Set.copyOf(listOrEmpty(row.nullableStringList("create_or_replace_arguments"))),
							Set.copyOf(listOrEmpty(row.nullableStringList("alter_arguments"))),
							Set.copyOf(listOrEmpty(row.nullableStringList("functions")))));
			if (capabilities == null) {
				throw new ExtensionNotInstalledException("pg_trickle is not installed in this database (it has no "
						+ "extension pg_trickle); a superuser must add pg_trickle to shared_preload_libraries and run "
						+ "CREATE EXTENSION pg_trickle", null, null);
			}
			this.capabilities = capabilities;
		}
		return capabilities;
	}

	private static List<String> listOrEmpty(@Nullable List<String> values) {
		return (values != null) ? values : Collections.emptyList();
	}

	private static DependencyGraph readDependencyGraph(PgTrickleSession session) {
		Set<StreamTableName> names = new LinkedHashSet<>();
		List<DependencyGraph.Dependency> dependencies = new ArrayList<>();
		session.forEachRow(Call.of(PgTrickleSql.DEPENDENCY_GRAPH), (row) -> {
			names.add(PgTrickleRows.name(row));
			DependencyGraph.Dependency dependency = PgTrickleRows.dependency(row);
			if (dependency != null) {
				dependencies.add(dependency);
			}
		});
		return new DependencyGraph(names, dependencies);
	}

	private StreamTableInfo await(PgTrickleObservationContext context, StreamTableName name, Duration timeout,
			String goal, boolean failWhenHalted, Predicate<Observed> condition) {
		StreamTableName resolved = session("wait for stream table", name, (session) -> {
			if (!session.autoCommit() && session.isolation() > Connection.TRANSACTION_READ_COMMITTED) {
				throw new InvalidDataAccessApiUsageException("Cannot wait for stream table " + name + " to " + goal
						+ " inside a REPEATABLE READ or SERIALIZABLE transaction, which never sees later changes; "
						+ "wait outside the transaction");
			}
			return resolve(session, context, name);
		});
		AwaitStrategy strategy = this.awaitStrategy;
		StreamTableSignals signals = this.streamTableSignals;
		if (signals != null) {
			strategy = new SignalAwaitStrategy(signals, resolved.toString(), strategy);
		}
		Observed observed = strategy.await(() -> {
			Observed current = probe(resolved);
			StreamTableInfo info = current.info;
			if (failWhenHalted && info != null && info.status().isHalted()) {
				throw new StreamTableSuspendedException("Stream table " + resolved + " is " + info.status()
						+ " and will not " + goal + " until it is resumed (last error: " + info.lastErrorMessage()
						+ "); resume it with PgTrickleOperations.resume", resolved, null);
			}
			return current;
		}, (current) -> current.info != null && condition.test(current), timeout,
				(last, interrupted) -> new StreamTableAwaitTimeoutException("Stream table " + resolved + " did not "
						+ goal + ((interrupted) ? " before the waiting thread was interrupted" : " within " + timeout)
						+ "; last seen: " + describe(last), resolved, null));
		return observed.info();
	}

	private Observed probe(StreamTableName name) {
		return session("observe stream table", name, (session) -> {
			Observed observed = session.queryForObject(Call.of(PgTrickleSql.OBSERVE_INFO, name.schema(), name.name()),
					(row) -> new Observed(PgTrickleRows.info(row), row.instant("database_time")));
			return (observed != null) ? observed : new Observed(null, Instant.now());
		});
	}

	private static String describe(@Nullable Observed observed) {
		if (observed == null) {
			return "nothing";
		}
		StreamTableInfo info = observed.info;
		if (info == null) {
			return "the stream table does not exist";
		}
		Instant lastRefresh = info.lastRefreshAt();
		return "status " + info.status() + ", " + (info.populated() ? "populated" : "not populated") + ", last refresh "
				+ ((lastRefresh != null) ? Duration.between(lastRefresh, observed.databaseTime) + " ago" : "never")
				+ ((info.lastErrorMessage() != null) ? ", last error: " + info.lastErrorMessage() : "");
	}

	private static StreamTableNotFoundException notFound(StreamTableName name) {
		return new StreamTableNotFoundException(
				"Stream table " + name + " does not exist; create it first, or check its schema and name", name, null);
	}

	private static void checkDuration(Duration duration, String name) {
		Assert.notNull(duration, () -> "'" + name + "' must not be null");
		Assert.isTrue(!duration.isNegative(), () -> "'" + name + "' must not be negative");
	}

	private static double seconds(Duration duration) {
		return duration.getSeconds() + duration.getNano() / 1_000_000_000d;
	}

	/**
	 * One observation of a stream table while waiting for it.
	 */
	private record Observed(@Nullable StreamTableInfo info, Instant databaseTime) {

		@Override
		public StreamTableInfo info() {
			Assert.state(this.info != null, "No stream table observed");
			return this.info;
		}

	}

}
