package io.pgtrickle.jpa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;

import io.pgtrickle.core.InvalidStreamTableNameException;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableReadOnlyException;

/**
 * A {@link StreamTable @StreamTable} entity as Hibernate maps it: the entity, the relation its SQL
 * reads and the columns it maps.
 * <p>
 * The relation is taken from the SQL Hibernate renders for the entity (after naming strategies and
 * {@code hibernate.default_schema}) and interpreted the way PostgreSQL does: quoted parts as written,
 * unquoted parts folded to lower case. Without a schema it is whatever the connection's
 * {@code search_path} finds.
 */
public final class StreamTableEntity {

	private static final ClassValue<Boolean> STREAM_TABLE = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return AnnotatedElementUtils.hasAnnotation(type, StreamTable.class);
		}

	};

	private final String entityName;

	private final Class<?> javaType;

	private final Relation relation;

	private final List<MappedColumn> columns;

	private final List<String> idColumns;

	private StreamTableEntity(String entityName, Class<?> javaType, Relation relation, List<MappedColumn> columns,
			List<String> idColumns) {
		this.entityName = entityName;
		this.javaType = javaType;
		this.relation = relation;
		this.columns = columns;
		this.idColumns = idColumns;
	}

	/**
	 * Return whether the given entity class is mapped to a stream table: whether it, or a class it
	 * extends, is annotated with {@link StreamTable @StreamTable}.
	 * @param entityClass the entity class
	 * @return {@code true} for a stream-table entity
	 */
	public static boolean isStreamTable(Class<?> entityClass) {
		return STREAM_TABLE.get(entityClass);
	}

	/**
	 * Describe the entity Hibernate maps with the given persister.
	 * @param persister the entity's persister
	 * @return the description
	 * @throws IllegalArgumentException if the entity is not annotated with {@link StreamTable}
	 */
	public static StreamTableEntity of(EntityPersister persister) {
		Assert.notNull(persister, "'persister' must not be null");
		Class<?> javaType = persister.getMappedClass();
		Assert.isTrue(isStreamTable(javaType), () -> "Entity " + persister.getEntityName() + " is not a @StreamTable");
		Relation relation = Relation.parse(persister.getMappedTableDetails().getTableName());
		List<MappedColumn> columns = new ArrayList<>();
		List<String> idColumns = new ArrayList<>();
		String idAttribute = persister.getIdentifierMapping().getAttributeName();
		persister.getIdentifierMapping().forEachSelectable((index, selectable) -> {
			MappedColumn column = column(idAttribute, selectable, relation);
			if (column != null) {
				columns.add(column);
				idColumns.add(column.name());
			}
		});
		persister.forEachAttributeMapping((AttributeMapping attribute) -> attribute.forEachSelectable((index, selectable) -> {
			MappedColumn column = column(attribute.getAttributeName(), selectable, relation);
			if (column != null && !columns.contains(column)) {
				columns.add(column);
			}
		}));
		return new StreamTableEntity(persister.getEntityName(), javaType, relation,
				Collections.unmodifiableList(columns), Collections.unmodifiableList(idColumns));
	}

	private static @Nullable MappedColumn column(String attribute, SelectableMapping selectable, Relation entityRelation) {
		if (selectable.isFormula()) {
			return null;
		}
		String table = selectable.getContainingTableExpression();
		Relation relation = (table == null || table.isEmpty()) ? entityRelation : Relation.parse(table);
		List<String> parts = Relation.parts(selectable.getSelectionExpression());
		String name = parts.get(parts.size() - 1);
		return new MappedColumn(attribute, relation, name, selectable.getJdbcMapping().getJdbcType().getDdlTypeCode(),
				selectable.getJdbcMapping().getJavaTypeDescriptor().getJavaTypeClass());
	}

	/**
	 * Return Hibernate's name of the entity.
	 * @return the entity name, usually the fully qualified class name
	 */
	public String getEntityName() {
		return this.entityName;
	}

	/**
	 * Return the entity class.
	 * @return the class
	 */
	public Class<?> getJavaType() {
		return this.javaType;
	}

	/**
	 * Return the schema of the mapped table.
	 * @return the schema, or {@code null} when Hibernate leaves it to the {@code search_path}
	 */
	public @Nullable String getSchema() {
		return this.relation.schema();
	}

	/**
	 * Return the name of the mapped table, as PostgreSQL sees it.
	 * @return the table name
	 */
	public String getTable() {
		return this.relation.name();
	}

	/**
	 * Return the mapped table as the name of a stream table.
	 * @return the stream table name, unqualified when Hibernate's SQL is
	 * @throws io.pgtrickle.core.InvalidStreamTableNameException if the table's name is one
	 * pg_trickle cannot express (upper case or other characters that need quoting)
	 */
	public StreamTableName getStreamTableName() {
		String schema = this.relation.schema();
		return (schema != null) ? StreamTableName.of(schema, this.relation.name()) : StreamTableName.of(this.relation.name());
	}

	/**
	 * Return the entity and its table for messages, for example
	 * {@code OrderTotal (stream table public.order_totals)}.
	 * @return the description
	 */
	public String describe() {
		return this.javaType.getSimpleName() + " (stream table " + this.relation + ")";
	}

	/**
	 * Return the exception that rejects a write to this entity, naming the entity, its stream table
	 * and what to do instead.
	 * @param operation what was attempted, for example {@code persist} or {@code a bulk update}
	 * @return the exception
	 */
	public StreamTableReadOnlyException readOnly(String operation) {
		StreamTableName name;
		try {
			name = getStreamTableName();
		}
		catch (InvalidStreamTableNameException ex) {
			// A table pg_trickle cannot name is not a stream table; the mapping check reports it.
			name = null;
		}
		return new StreamTableReadOnlyException("Cannot " + operation + " " + this.javaType.getSimpleName()
				+ ": the entity is a @StreamTable mapped to stream table " + this.relation
				+ ", which pg_trickle maintains from its defining query, so it is read-only. Write to the stream "
				+ "table's source tables instead, and refresh the stream table to see the change now "
				+ "(StreamTableRepository.refresh() or PgTrickleOperations.refresh)", name, null);
	}

	Relation relation() {
		return this.relation;
	}

	List<MappedColumn> columns() {
		return this.columns;
	}

	List<String> idColumns() {
		return this.idColumns;
	}

	@Override
	public String toString() {
		return describe();
	}

	/**
	 * A column an entity maps: which attribute, in which relation, and the JDBC type Hibernate reads it
	 * as.
	 */
	record MappedColumn(String attribute, Relation relation, String name, int jdbcTypeCode, Class<?> javaType) {

	}

	/**
	 * A relation name as PostgreSQL interprets Hibernate's SQL: schema (if any) and name, unquoted.
	 */
	record Relation(@Nullable String schema, String name, String sql) {

		static Relation parse(String sql) {
			List<String> parts = parts(sql);
			String name = parts.get(parts.size() - 1);
			String schema = (parts.size() > 1) ? parts.get(parts.size() - 2) : null;
			return new Relation(schema, name, sql);
		}

		/**
		 * Split a possibly qualified SQL identifier at dots outside quotes, removing quotes and folding
		 * unquoted parts to lower case as PostgreSQL does.
		 */
		static List<String> parts(String sql) {
			List<String> parts = new ArrayList<>();
			StringBuilder part = new StringBuilder();
			boolean quoted = false;
			boolean wasQuoted = false;
			for (int i = 0; i < sql.length(); i++) {
				char ch = sql.charAt(i);
				if (quoted) {
					if (ch == '"') {
						if (i + 1 < sql.length() && sql.charAt(i + 1) == '"') {
							part.append('"');
							i++;
						}
						else {
							quoted = false;
						}
					}
					else {
						part.append(ch);
					}
				}
				else if (ch == '"') {
					quoted = true;
					wasQuoted = true;
				}
				else if (ch == '.') {
					parts.add(finish(part, wasQuoted));
					part.setLength(0);
					wasQuoted = false;
				}
				else if (!Character.isWhitespace(ch)) {
					part.append(ch);
				}
			}
			parts.add(finish(part, wasQuoted));
			return parts;
		}

		private static String finish(StringBuilder part, boolean quoted) {
			return quoted ? part.toString() : part.toString().toLowerCase(Locale.ROOT);
		}

		@Override
		public String toString() {
			return (this.schema != null) ? this.schema + "." + this.name : this.name;
		}

	}

}
