package io.pgtrickle.flyway;

import java.util.Map;

import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableName;

/**
 * A Flyway Java migration that changes a table stream tables read, while pg_trickle's
 * {@code pg_trickle.block_source_ddl} guard (on by default) rejects column-affecting
 * {@code ALTER TABLE} on such tables. In Flyway's transaction it:
 * <ol>
 * <li>checks, before changing anything, that the role owns the source table and the stream
 * tables to alter, and may turn the guard off (a superuser, or {@code SET} privilege on the
 * parameter); otherwise it fails with a message naming what is missing;</li>
 * <li>turns the guard off for the change's statements only ({@code SET LOCAL}), and back on;</li>
 * <li>applies the change's alterations of stream tables, usually a new version of their query;</li>
 * <li>re-applies the current query of every other stream table the statements left needing
 * reinitialization, so a query that no longer fits the source fails the migration instead of a
 * later refresh.</li>
 * </ol>
 * <pre class="code">
 * public class V5__add_region_to_orders extends AlterSourceTableMigration {
 *
 *     &#64;Override
 *     protected SourceTableChange change() {
 *         return SourceTableChange.builder("public.orders")
 *             .statement("ALTER TABLE public.orders ADD COLUMN region text")
 *             .alter("public.order_totals", StreamTableAlteration.ofQuery(queryFile("order_totals", 3)))
 *             .build();
 *     }
 *
 * }
 * </pre>
 * When no stream table reads the source, or the guard is off already, the statements simply run.
 */
public abstract class AlterSourceTableMigration extends StreamTableMigration {

	/**
	 * Create a new instance; version and description come from the class name.
	 */
	protected AlterSourceTableMigration() {
	}

	/**
	 * Return the change to make.
	 * @return the change
	 */
	protected abstract SourceTableChange change();

	@Override
	final Step step() {
		SourceTableChange change = change();
		if (change == null) {
			throw new IllegalStateException("change() returned null");
		}
		MigrationChecksum checksum = new MigrationChecksum("alter-source").add("source", change.sourceTable());
		for (String statement : change.statements()) {
			checksum.add("statement", statement);
		}
		for (Map.Entry<StreamTableName, StreamTableAlteration> entry : change.alterations().entrySet()) {
			checksum.add("alter", entry.getKey()).addAlteration(entry.getValue());
		}
		SourceTableChangeExecutor executor = new SourceTableChangeExecutor(change);
		return new Step("alter source table " + change.sourceTable(), checksum.value(), executor::apply);
	}

}
