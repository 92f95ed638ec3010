package io.pgtrickle.flyway;

import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableName;

/**
 * A Flyway Java migration that changes an existing stream table: its defining query (usually to a
 * new version of its definition file), its schedule, its refresh mode or any other option of
 * pg_trickle's {@code alter_stream_table}. Only what the alteration sets is changed.
 * <pre class="code">
 * public class V4__order_totals_v2 extends AlterStreamTableMigration {
 *
 *     &#64;Override
 *     protected String streamTable() {
 *         return "public.order_totals";
 *     }
 *
 *     &#64;Override
 *     protected StreamTableAlteration alteration() {
 *         return StreamTableAlteration.ofQuery(queryFile("order_totals", 2));
 *     }
 *
 * }
 * </pre>
 * A new query or refresh mode is applied with a full refresh inside the migration's transaction.
 * To roll back, write a later migration that alters the stream table back to the earlier version.
 */
public abstract class AlterStreamTableMigration extends StreamTableMigration {

	/**
	 * Create a new instance; version and description come from the class name.
	 */
	protected AlterStreamTableMigration() {
	}

	/**
	 * Return the name of the stream table to alter, {@code schema.table}.
	 * @return the name
	 */
	protected abstract String streamTable();

	/**
	 * Return the changes to apply.
	 * @return the alteration; must set at least one option
	 */
	protected abstract StreamTableAlteration alteration();

	@Override
	final Step step() {
		StreamTableName name = StreamTableName.of(streamTable());
		StreamTableAlteration alteration = alteration();
		if (alteration == null || alteration.isEmpty()) {
			throw new IllegalStateException("alteration() of stream table " + name
					+ " changes nothing; set a query, a schedule, a refresh mode or another option");
		}
		int checksum = new MigrationChecksum("alter").add("name", name).addAlteration(alteration).value();
		return new Step("alter stream table " + name, checksum, (template) -> template.alter(name, alteration));
	}

}
