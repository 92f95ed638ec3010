package io.pgtrickle.jpa;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.util.Assert;

import io.pgtrickle.core.ExtensionNotInstalledException;
import io.pgtrickle.core.PgTrickleExceptionTranslator;
import io.pgtrickle.jpa.StreamTableEntity.MappedColumn;
import io.pgtrickle.jpa.StreamTableEntity.Relation;
import io.pgtrickle.jpa.StreamTableMappingProblem.Severity;

/**
 * Checks, in one query, that every {@link StreamTable @StreamTable} entity of an entity manager
 * factory matches the database: that its table exists and is a pg_trickle stream table, and that every
 * column it maps exists with a type the mapped Java type can hold. It also warns about ids on
 * {@code __pgt_row_id} that may repeat or change, and about entities without {@code @StreamTable}
 * whose table is a stream table. All problems are reported at once, each with how to fix it.
 * <pre class="code">
 * new StreamTableMappingVerifier(entityManagerFactory).check();
 * </pre>
 * The query reads {@code pg_catalog} and {@code pgtrickle.pgt_stream_tables} on a connection of the
 * entity manager factory.
 */
public class StreamTableMappingVerifier {

	static final String ROW_ID = "__pgt_row_id";

	private static final Log logger = LogFactory.getLog(StreamTableMappingVerifier.class);

	private static final String QUERY = """
			SELECT r.ord, c.relkind::text AS relkind, (st.pgt_id IS NOT NULL) AS stream_table,
			       EXISTS (SELECT 1 FROM pg_catalog.pg_index i
			               JOIN pg_catalog.pg_attribute ra ON ra.attrelid = i.indrelid AND ra.attnum = i.indkey[0]
			               WHERE i.indrelid = c.oid AND i.indisunique AND i.indnkeyatts = 1
			                 AND ra.attname = '__pgt_row_id') AS row_id_unique,
			       a.attname::text AS column_name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS column_type,
			       t.typname::text AS type_name, t.typcategory::text AS type_category
			FROM unnest(?::text[], ?::boolean[]) WITH ORDINALITY AS r(relation, with_columns, ord)
			LEFT JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(r.relation)
			LEFT JOIN pgtrickle.pgt_stream_tables st ON st.pgt_relid = c.oid
			LEFT JOIN pg_catalog.pg_attribute a
			       ON r.with_columns AND a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
			LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
			ORDER BY r.ord, a.attnum""";

	private final SessionFactoryImplementor sessionFactory;

	/**
	 * Create a verifier for the entities of the given entity manager factory.
	 * @param entityManagerFactory a Hibernate entity manager factory
	 */
	public StreamTableMappingVerifier(EntityManagerFactory entityManagerFactory) {
		Assert.notNull(entityManagerFactory, "'entityManagerFactory' must not be null");
		this.sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
	}

	/**
	 * Verify the mapping and throw if an entity cannot work; warnings are logged.
	 * @throws StreamTableMappingException if there is at least one {@link Severity#ERROR error}; its
	 * message lists every problem
	 */
	public void check() {
		List<StreamTableMappingProblem> problems = verify();
		boolean failed = problems.stream().anyMatch((problem) -> problem.severity() == Severity.ERROR);
		if (failed) {
			throw new StreamTableMappingException(describe(problems), problems);
		}
		for (StreamTableMappingProblem problem : problems) {
			logger.warn(problem.message());
		}
	}

	/**
	 * Verify the mapping.
	 * @return the problems found, errors first; empty if every entity matches
	 * @throws StreamTableMappingException if pg_trickle is not installed or its catalog cannot be read
	 */
	public List<StreamTableMappingProblem> verify() {
		List<StreamTableEntity> entities = new ArrayList<>();
		Map<String, Relation> otherTables = new LinkedHashMap<>();
		Map<String, Class<?>> otherEntities = new LinkedHashMap<>();
		List<EntityPersister> persisters = new ArrayList<>();
		this.sessionFactory.getMappingMetamodel().forEachEntityDescriptor(persisters::add);
		persisters.sort(Comparator.comparing((EntityPersister persister) -> persister.getRootEntityDescriptor() != persister)
			.thenComparing(EntityPersister::getEntityName));
		for (EntityPersister persister : persisters) {
			if (StreamTableEntity.isStreamTable(persister.getMappedClass())) {
				entities.add(StreamTableEntity.of(persister));
			}
			else {
				Relation relation = Relation.parse(persister.getMappedTableDetails().getTableName());
				otherTables.putIfAbsent(relation.sql(), relation);
				otherEntities.putIfAbsent(relation.sql(), persister.getMappedClass());
			}
		}
		if (entities.isEmpty()) {
			return List.of();
		}
		Map<String, Boolean> relations = new LinkedHashMap<>();
		for (StreamTableEntity entity : entities) {
			for (MappedColumn column : entity.columns()) {
				relations.put(column.relation().sql(), true);
			}
			relations.put(entity.relation().sql(), true);
		}
		otherTables.keySet().forEach((sql) -> relations.putIfAbsent(sql, false));
		Map<String, RelationInfo> found = query(relations);
		List<StreamTableMappingProblem> problems = new ArrayList<>();
		Set<String> reported = new HashSet<>();
		for (StreamTableEntity entity : entities) {
			verify(entity, found, problems, reported);
		}
		otherTables.forEach((sql, relation) -> {
			RelationInfo info = found.get(sql);
			if (info != null && info.streamTable) {
				Class<?> entityClass = otherEntities.get(sql);
				problems.add(new StreamTableMappingProblem(Severity.WARNING, entityClass, relation.toString(), "Entity "
						+ entityClass.getSimpleName() + " maps table " + relation + ", which is a pg_trickle stream table, "
						+ "but is not annotated with @StreamTable: writes would reach pg_trickle's guard and schema "
						+ "generation would treat it as an ordinary table; annotate the entity with @StreamTable"));
			}
		});
		problems.sort(Comparator.comparing(StreamTableMappingProblem::severity));
		return List.copyOf(problems);
	}

	private void verify(StreamTableEntity entity, Map<String, RelationInfo> found,
			List<StreamTableMappingProblem> problems, Set<String> reported) {
		String name = entity.getJavaType().getSimpleName();
		Relation relation = entity.relation();
		RelationInfo table = found.get(relation.sql());
		if (table == null || table.relkind == null) {
			if (reported.add(relation.sql())) {
				problems.add(error(entity, "Entity " + name + " is a @StreamTable mapped to " + relation + ", which "
						+ "does not exist" + searchPathHint(relation) + ". Create the stream table first, for example in a "
						+ "migration: SELECT pgtrickle.create_stream_table(name => '" + qualified(relation)
						+ "', query => '...', schedule => '...'); or correct the entity's @Table"));
			}
			return;
		}
		if (!table.streamTable && reported.add(relation.sql())) {
			problems.add(error(entity, "Entity " + name + " is a @StreamTable mapped to " + relation + ", which is "
					+ describeKind(table.relkind) + ", not a pg_trickle stream table. Create it with "
					+ "pgtrickle.create_stream_table, or remove @StreamTable if the table is maintained otherwise"));
		}
		for (MappedColumn column : entity.columns()) {
			RelationInfo columnTable = found.get(column.relation().sql());
			if (columnTable == null || columnTable.relkind == null) {
				if (reported.add(column.relation().sql())) {
					problems.add(error(entity, "Entity " + name + " maps " + column.attribute() + " to table "
							+ column.relation() + ", which does not exist"));
				}
				continue;
			}
			if (!reported.add(column.relation().sql() + "\u0000" + column.name())) {
				continue;
			}
			ColumnInfo actual = columnTable.columns.get(column.name());
			if (actual == null) {
				problems.add(error(entity, "Entity " + name + " maps " + column.attribute() + " to column "
						+ column.name() + ", which " + column.relation() + " does not have; its columns are "
						+ String.join(", ", userColumns(columnTable)) + ". Map one of them with @Column(name = \"...\"), "
						+ "or add the column to the stream table's defining query"));
				continue;
			}
			boolean rowId = column.name().equals(ROW_ID);
			if (!ColumnTypes.isReadableAs(column.jdbcTypeCode(), actual.typeName, actual.typeCategory)) {
				problems.add(error(entity, typeMismatch(name, column, actual, rowId)));
				continue;
			}
			if (rowId && entity.idColumns().contains(ROW_ID)) {
				verifyRowIdAsId(entity, name, columnTable, problems);
			}
		}
	}

	private void verifyRowIdAsId(StreamTableEntity entity, String name, RelationInfo table,
			List<StreamTableMappingProblem> problems) {
		if (!table.rowIdUnique) {
			problems.add(warning(entity, "Entity " + name + " uses __pgt_row_id of " + entity.relation() + " as its "
					+ "@Id, but pg_trickle does not keep it unique there ("
					+ ("p".equals(table.relkind) ? "the stream table is partitioned" : "a source table has no primary key")
					+ "): rows with the same id are read as one entity. Map a key column of the defining query as the "
					+ "@Id instead"));
		}
		else if (!table.columns.containsKey("__pgt_count") && !table.columns.containsKey("__pgt_count_l")) {
			problems.add(warning(entity, "Entity " + name + " uses __pgt_row_id of " + entity.relation() + " as its "
					+ "@Id, but the stream table is not an aggregate, so pg_trickle derives the row id from all its "
					+ "columns and it changes whenever a row changes. Map a key column of the defining query as the "
					+ "@Id instead"));
		}
	}

	private String typeMismatch(String name, MappedColumn column, ColumnInfo actual, boolean rowId) {
		String mapped = "Entity " + name + " maps " + column.attribute() + " (" + column.javaType().getName() + ", read as "
				+ ColumnTypes.jdbcTypeName(column.jdbcTypeCode()) + ") to column " + column.name() + " of "
				+ column.relation() + ", which is " + actual.formattedType;
		if (rowId) {
			return mapped + ". pg_trickle 0.87.16 and later store __pgt_row_id as bytea and re-encode it on upgrades, "
					+ "so it cannot serve as a stable id: map a key column of the defining query as the @Id instead";
		}
		String suggestion = ColumnTypes.suggestJavaType(actual.typeName);
		return mapped + "; " + ((suggestion != null) ? "map it as " + suggestion + ", or " : "change the mapped type, or ")
				+ "cast the column in the stream table's defining query";
	}

	private static List<String> userColumns(RelationInfo table) {
		return table.columns.keySet().stream().filter((column) -> !column.startsWith("__pgt_")).toList();
	}

	private static String searchPathHint(Relation relation) {
		return (relation.schema() == null) ? " in the connection's search_path" : "";
	}

	private static String qualified(Relation relation) {
		return (relation.schema() != null) ? relation.toString() : "public." + relation.name();
	}

	private static String describeKind(String relkind) {
		return switch (relkind) {
			case "v" -> "a view";
			case "m" -> "a materialized view";
			case "f" -> "a foreign table";
			case "p" -> "a partitioned table";
			default -> "an ordinary table";
		};
	}

	private static StreamTableMappingProblem error(StreamTableEntity entity, String message) {
		return new StreamTableMappingProblem(Severity.ERROR, entity.getJavaType(), entity.relation().toString(), message);
	}

	private static StreamTableMappingProblem warning(StreamTableEntity entity, String message) {
		return new StreamTableMappingProblem(Severity.WARNING, entity.getJavaType(), entity.relation().toString(),
				message);
	}

	/**
	 * Describe the given problems as one message, numbered.
	 * @param problems the problems
	 * @return the message
	 */
	public static String describe(List<StreamTableMappingProblem> problems) {
		long errors = problems.stream().filter((problem) -> problem.severity() == Severity.ERROR).count();
		StringBuilder message = new StringBuilder();
		message.append("@StreamTable entities do not match the database (").append(errors).append(" error")
			.append((errors != 1) ? "s" : "").append(", ").append(problems.size() - errors).append(" warning")
			.append((problems.size() - errors != 1) ? "s" : "").append("):");
		int number = 1;
		for (StreamTableMappingProblem problem : problems) {
			message.append(System.lineSeparator()).append(number++).append(". ").append(problem);
		}
		return message.toString();
	}

	private Map<String, RelationInfo> query(Map<String, Boolean> relations) {
		try (Session session = this.sessionFactory.openSession()) {
			return session.doReturningWork((connection) -> {
				try {
					return query(connection, relations);
				}
				catch (SQLException ex) {
					throw translate(ex);
				}
			});
		}
	}

	private static Map<String, RelationInfo> query(Connection connection, Map<String, Boolean> relations)
			throws SQLException {
		List<String> names = new ArrayList<>(relations.keySet());
		Map<String, RelationInfo> result = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
			Array nameArray = connection.createArrayOf("text", names.toArray());
			Array columnArray = connection.createArrayOf("bool", relations.values().toArray());
			statement.setArray(1, nameArray);
			statement.setArray(2, columnArray);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					String name = names.get(rs.getInt("ord") - 1);
					RelationInfo info = result.computeIfAbsent(name, (key) -> new RelationInfo());
					info.relkind = rs.getString("relkind");
					info.streamTable = rs.getBoolean("stream_table");
					info.rowIdUnique = rs.getBoolean("row_id_unique");
					String column = rs.getString("column_name");
					if (column != null) {
						info.columns.put(column, new ColumnInfo(rs.getString("column_type"), rs.getString("type_name"),
								rs.getString("type_category")));
					}
				}
			}
			finally {
				nameArray.free();
				columnArray.free();
			}
		}
		return result;
	}

	private static RuntimeException translate(SQLException ex) {
		String state = ex.getSQLState();
		if ("42501".equals(state)) {
			return new StreamTableMappingException("Cannot check @StreamTable entities", List.of(new StreamTableMappingProblem(
					Severity.ERROR, null, null, "The database role cannot read pg_trickle's catalog (" + ex.getMessage()
							+ "); grant it USAGE on schema pgtrickle and SELECT on pgtrickle.pgt_stream_tables (on "
							+ "pg_trickle 0.96 and later, GRANT pgtrickle_reader TO the role)")), ex);
		}
		DataAccessException translated = new PgTrickleExceptionTranslator().translate("check @StreamTable entities",
				QUERY, ex);
		if (translated instanceof ExtensionNotInstalledException notInstalled) {
			return new StreamTableMappingException("Cannot check @StreamTable entities",
					List.of(new StreamTableMappingProblem(Severity.ERROR, null, null, notInstalled.getMessage())), ex);
		}
		return (translated != null) ? translated
				: new UncategorizedSQLException("check @StreamTable entities", QUERY, ex);
	}

	private static final class RelationInfo {

		private @Nullable String relkind;

		private boolean streamTable;

		private boolean rowIdUnique;

		private final Map<String, ColumnInfo> columns = new LinkedHashMap<>();

	}

	private record ColumnInfo(String formattedType, String typeName, String typeCategory) {

	}

}
