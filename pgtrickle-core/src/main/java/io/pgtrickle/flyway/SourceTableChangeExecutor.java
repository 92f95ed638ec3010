package io.pgtrickle.flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.DependencyGraph;
import io.pgtrickle.core.PgTrickleExceptionTranslator;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshSkippedException;
import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;

/**
 * Applies a {@link SourceTableChange} on the connection of a {@link PgTrickleTemplate}: checks the
 * privileges it needs, turns pg_trickle's guard against source DDL off around the statements, and
 * alters the stream tables that read the source.
 */
final class SourceTableChangeExecutor {

	static final String GUARD = "pg_trickle.block_source_ddl";

	private static final String FIND_SOURCE = """
			SELECT c.oid::bigint AS oid, pg_catalog.pg_get_userbyid(c.relowner) AS owner,
			       pg_catalog.pg_has_role(c.relowner, 'USAGE') AS owned
			FROM pg_catalog.pg_class c
			WHERE c.oid = pg_catalog.to_regclass(?)""";

	private static final String FIND_OWNER = """
			SELECT pg_catalog.pg_get_userbyid(c.relowner) AS owner,
			       pg_catalog.pg_has_role(c.relowner, 'USAGE') AS owned
			FROM pg_catalog.pg_class c
			JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ? AND c.relname = ?""";

	private static final String MAY_SET_GUARD = """
			SELECT r.rolsuper OR pg_catalog.has_parameter_privilege(?, 'SET')
			FROM pg_catalog.pg_roles r
			WHERE r.rolname = current_user""";

	private final SourceTableChange change;

	SourceTableChangeExecutor(SourceTableChange change) {
		this.change = change;
	}

	void apply(PgTrickleTemplate template) {
		DataSource dataSource = template.getJdbcTemplate().getDataSource();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.setExceptionTranslator(new PgTrickleExceptionTranslator());
		String sourceTable = this.change.sourceTable();
		Source source = findSource(jdbc, sourceTable);
		DependencyGraph graph = template.dependencyGraph();
		Set<StreamTableName> readers = graph.dependencies()
			.stream()
			.filter((dependency) -> dependency.sourceOid() == source.oid())
			.map(DependencyGraph.Dependency::streamTable)
			.collect(Collectors.toCollection(TreeSet::new));
		Map<StreamTableName, StreamTableAlteration> alterations = resolve(jdbc, template);
		String guardSetting = jdbc.queryForObject("SELECT pg_catalog.current_setting(?, true)", String.class, GUARD);
		boolean guardOn = !readers.isEmpty() && isOn(guardSetting);
		Set<StreamTableName> altered = new LinkedHashSet<>(readers);
		altered.addAll(alterations.keySet());
		checkPrivileges(jdbc, source, guardOn, altered);
		Set<StreamTableName> reinitializing = needingReinitialization(template, Set.of());
		inTransaction(jdbc, () -> {
			if (guardOn) {
				setGuard(jdbc, "off");
			}
			for (String statement : this.change.statements()) {
				try {
					jdbc.execute(statement);
				}
				catch (DataAccessException ex) {
					throw new StreamTableMigrationException(
							"statement [" + statement + "] failed: " + StreamTableMigration.describe(ex), ex);
				}
			}
			if (guardOn) {
				setGuard(jdbc, guardSetting);
			}
			alterations.forEach((name, alteration) -> {
				try {
					template.alter(name, alteration);
				}
				catch (DataAccessException ex) {
					throw new StreamTableMigrationException(
							"alteration of stream table " + name + " failed: " + StreamTableMigration.describe(ex), ex);
				}
			});
			Set<StreamTableName> stale = needingReinitialization(template, reinitializing);
			for (StreamTableName name : graph.inRefreshOrder(stale)) {
				reapply(template, name);
			}
		});
	}

	private Source findSource(JdbcTemplate jdbc, String sourceTable) {
		List<Source> sources;
		try {
			sources = jdbc.query(FIND_SOURCE, (rs, row) -> new Source(rs.getLong("oid"), rs.getString("owner"),
					rs.getBoolean("owned")), sourceTable);
		}
		catch (DataAccessException ex) {
			throw new StreamTableMigrationException("source table name '" + sourceTable + "' is invalid: "
					+ StreamTableMigration.describe(ex), ex);
		}
		if (sources.isEmpty()) {
			throw new StreamTableMigrationException("source table " + sourceTable + " does not exist (as seen with "
					+ "Flyway's search_path); qualify its name with its schema", null);
		}
		return sources.get(0);
	}

	private Map<StreamTableName, StreamTableAlteration> resolve(JdbcTemplate jdbc, PgTrickleTemplate template) {
		Map<StreamTableName, StreamTableAlteration> resolved = new LinkedHashMap<>();
		String schema = null;
		for (Map.Entry<StreamTableName, StreamTableAlteration> entry : this.change.alterations().entrySet()) {
			StreamTableName name = entry.getKey();
			if (!name.isQualified()) {
				if (schema == null) {
					schema = jdbc.queryForObject("SELECT current_schema()", String.class);
				}
				if (schema == null) {
					throw new StreamTableMigrationException("stream table " + name + " has no schema and the "
							+ "connection has no current schema; qualify its name", null);
				}
				name = name.inSchema(schema);
			}
			if (!template.exists(name)) {
				throw new StreamTableMigrationException("stream table " + name + " does not exist; create it "
						+ "first, or check its schema and name", null);
			}
			resolved.put(name, entry.getValue());
		}
		return resolved;
	}

	private void checkPrivileges(JdbcTemplate jdbc, Source source, boolean guardOn, Set<StreamTableName> altered) {
		List<String> missing = new ArrayList<>();
		if (!source.owned()) {
			missing.add("ownership of source table " + this.change.sourceTable() + " (owned by " + source.owner()
					+ "), to alter it");
		}
		if (guardOn && !Boolean.TRUE.equals(jdbc.queryForObject(MAY_SET_GUARD, Boolean.class, GUARD))) {
			missing.add("superuser status or the SET privilege on parameter " + GUARD + " (GRANT SET ON PARAMETER "
					+ GUARD + " TO " + currentUser(jdbc) + "), to turn off pg_trickle's guard against DDL on "
					+ "sources of stream tables");
		}
		for (StreamTableName name : altered) {
			List<Owner> owners = jdbc.query(FIND_OWNER,
					(rs, row) -> new Owner(rs.getString("owner"), rs.getBoolean("owned")), name.schema(), name.name());
			if (!owners.isEmpty() && !owners.get(0).owned()) {
				missing.add("ownership of stream table " + name + " (owned by " + owners.get(0).name() + "), to alter "
						+ "it after the change");
			}
		}
		if (!missing.isEmpty()) {
			throw new StreamTableMigrationException("role " + currentUser(jdbc) + " lacks " + String.join("; ", missing)
					+ ". Nothing was changed", null);
		}
	}

	private static String currentUser(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT current_user::text", String.class);
	}

	private static Set<StreamTableName> needingReinitialization(PgTrickleTemplate template,
			Set<StreamTableName> except) {
		Set<StreamTableName> names = new LinkedHashSet<>();
		for (StreamTableInfo info : template.findAll()) {
			if (info.needsReinitialization() && !except.contains(info.name())) {
				names.add(info.name());
			}
		}
		return names;
	}

	private void reapply(PgTrickleTemplate template, StreamTableName name) {
		StreamTableInfo info = template.findInfo(name)
			.orElseThrow(() -> new StreamTableMigrationException("stream table " + name
					+ " disappeared while its source was changed", null));
		String query = (info.originalQuery() != null) ? info.originalQuery() : info.query();
		try {
			template.alter(name, StreamTableAlteration.ofQuery(query));
			if (template.findInfo(name).map(StreamTableInfo::needsReinitialization).orElse(false)) {
				// A pg_trickle that skips an unchanged query reinitializes on the next refresh
				template.refresh(name).orThrow();
			}
		}
		catch (RefreshSkippedException ex) {
			throw ex;
		}
		catch (DataAccessException ex) {
			throw new StreamTableMigrationException("stream table " + name + " reads " + this.change.sourceTable()
					+ " and its query no longer works after the change; give it a new query in the same "
					+ "migration with SourceTableChange.Builder.alter(...): " + StreamTableMigration.describe(ex), ex);
		}
	}

	private static void setGuard(JdbcTemplate jdbc, @Nullable String value) {
		jdbc.queryForObject("SELECT pg_catalog.set_config(?, ?, true)", String.class, GUARD,
				(value != null) ? value : "on");
	}

	private static boolean isOn(@Nullable String setting) {
		if (setting == null) {
			return false;
		}
		return switch (setting.strip().toLowerCase(Locale.ROOT)) {
			case "on", "true", "yes", "1", "t", "y" -> true;
			default -> false;
		};
	}

	/**
	 * Run the work in the connection's transaction, or, on a connection in autocommit mode, in a
	 * local transaction: {@code SET LOCAL} needs one to last beyond a single statement.
	 */
	private static void inTransaction(JdbcTemplate jdbc, Runnable work) {
		jdbc.execute((ConnectionCallback<@Nullable Void>) (connection) -> {
			if (!connection.getAutoCommit()) {
				work.run();
				return null;
			}
			connection.setAutoCommit(false);
			try {
				work.run();
				connection.commit();
			}
			catch (RuntimeException | Error ex) {
				rollback(connection, ex);
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
			return null;
		});
	}

	private static void rollback(Connection connection, Throwable failure) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	private record Source(long oid, String owner, boolean owned) {

	}

	private record Owner(String name, boolean owned) {

	}

}
