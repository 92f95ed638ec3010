package io.pgtrickle.flyway;

import io.pgtrickle.core.StreamTableName;

/**
 * A Flyway Java migration that drops a stream table: its storage table, its catalog entry and the
 * change capture no other stream table needs.
 * <pre class="code">
 * public class V9__drop_order_totals extends DropStreamTableMigration {
 *
 *     &#64;Override
 *     protected String streamTable() {
 *         return "public.order_totals";
 *     }
 *
 * }
 * </pre>
 * The migration fails if the stream table does not exist, or if other stream tables read it and
 * {@link #cascade()} is {@code false}. pg_trickle drops the storage table with SQL
 * {@code CASCADE}, so views on it are dropped too.
 */
public abstract class DropStreamTableMigration extends StreamTableMigration {

	/**
	 * Create a new instance; version and description come from the class name.
	 */
	protected DropStreamTableMigration() {
	}

	/**
	 * Return the name of the stream table to drop, {@code schema.table}.
	 * @return the name
	 */
	protected abstract String streamTable();

	/**
	 * Return whether the stream tables that read this one are dropped too.
	 * @return {@code false} by default
	 */
	protected boolean cascade() {
		return false;
	}

	@Override
	final Step step() {
		StreamTableName name = StreamTableName.of(streamTable());
		boolean cascade = cascade();
		int checksum = new MigrationChecksum("drop").add("name", name).add("cascade", cascade).value();
		return new Step("drop stream table " + name, checksum, (template) -> template.drop(name, cascade));
	}

}
