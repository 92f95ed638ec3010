package io.pgtrickle.flyway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableName;

/**
 * A change to a table that stream tables read: the DDL statements to run on it, and the
 * alterations of stream tables that go with them (usually a new version of their query).
 * <pre class="code">
 * SourceTableChange.builder("public.orders")
 *     .statement("ALTER TABLE public.orders ADD COLUMN region text")
 *     .alter("public.order_totals", StreamTableAlteration.ofQuery(queryFile("order_totals", 3)))
 *     .build();
 * </pre>
 * Instances are immutable.
 *
 * @see AlterSourceTableMigration
 */
public final class SourceTableChange {

	private final String sourceTable;

	private final List<String> statements;

	private final Map<StreamTableName, StreamTableAlteration> alterations;

	private SourceTableChange(Builder builder) {
		this.sourceTable = builder.sourceTable;
		this.statements = List.copyOf(builder.statements);
		this.alterations = Collections.unmodifiableMap(new LinkedHashMap<>(builder.alterations));
	}

	/**
	 * Start a change of the given source table.
	 * @param sourceTable the table, as PostgreSQL accepts it in {@code ALTER TABLE}, for example
	 * {@code public.orders}
	 * @return a builder
	 */
	public static Builder builder(String sourceTable) {
		if (sourceTable == null || sourceTable.isBlank()) {
			throw new IllegalArgumentException("Source table must not be empty");
		}
		return new Builder(sourceTable.strip());
	}

	/**
	 * Return the source table.
	 * @return the table, as given
	 */
	public String sourceTable() {
		return this.sourceTable;
	}

	/**
	 * Return the DDL statements, in the order they run.
	 * @return the statements
	 */
	public List<String> statements() {
		return this.statements;
	}

	/**
	 * Return the alterations of stream tables, in the order they are applied after the statements.
	 * @return the alterations by stream table
	 */
	public Map<StreamTableName, StreamTableAlteration> alterations() {
		return this.alterations;
	}

	@Override
	public String toString() {
		return "SourceTableChange[sourceTable=" + this.sourceTable + ", statements=" + this.statements
				+ ", alterations=" + this.alterations.keySet() + "]";
	}

	/**
	 * Builds a {@link SourceTableChange}.
	 */
	public static final class Builder {

		private final String sourceTable;

		private final List<String> statements = new ArrayList<>();

		private final Map<StreamTableName, StreamTableAlteration> alterations = new LinkedHashMap<>();

		private Builder(String sourceTable) {
			this.sourceTable = sourceTable;
		}

		/**
		 * Add a DDL statement to run while pg_trickle's guard against source DDL is off.
		 * @param sql the statement, for example {@code ALTER TABLE public.orders ADD COLUMN region text}
		 * @return this builder
		 */
		public Builder statement(String sql) {
			if (sql == null || sql.isBlank()) {
				throw new IllegalArgumentException("Statement on source table " + this.sourceTable
						+ " must not be empty");
			}
			this.statements.add(sql);
			return this;
		}

		/**
		 * Alter a stream table after the statements have run, typically to a new version of its
		 * query that matches the changed source.
		 * @param streamTable the stream table, {@code schema.table}
		 * @param alteration the changes
		 * @return this builder
		 */
		public Builder alter(String streamTable, StreamTableAlteration alteration) {
			return alter(StreamTableName.of(streamTable), alteration);
		}

		/**
		 * Alter a stream table after the statements have run, typically to a new version of its
		 * query that matches the changed source.
		 * @param streamTable the stream table
		 * @param alteration the changes
		 * @return this builder
		 */
		public Builder alter(StreamTableName streamTable, StreamTableAlteration alteration) {
			if (streamTable == null || alteration == null || alteration.isEmpty()) {
				throw new IllegalArgumentException("Alteration of stream table " + streamTable
						+ " must set at least one option");
			}
			if (this.alterations.putIfAbsent(streamTable, alteration) != null) {
				throw new IllegalArgumentException("Stream table " + streamTable + " is altered twice; combine "
						+ "the changes into one alteration");
			}
			return this;
		}

		/**
		 * Build the change.
		 * @return the change
		 */
		public SourceTableChange build() {
			if (this.statements.isEmpty()) {
				throw new IllegalArgumentException("Change of source table " + this.sourceTable
						+ " has no statement; add the DDL to run with statement(...)");
			}
			return new SourceTableChange(this);
		}

	}

}
