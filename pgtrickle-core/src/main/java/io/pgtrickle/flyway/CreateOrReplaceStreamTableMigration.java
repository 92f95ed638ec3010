package io.pgtrickle.flyway;

import io.pgtrickle.core.StreamTableDefinition;

/**
 * A Flyway Java migration that makes a stream table match a definition: it creates the stream
 * table if it is missing, changes its query or configuration in place if they differ, and leaves
 * it alone if they match. Meant for repeatable migrations ({@code R__order_totals}): Flyway runs
 * them again whenever their checksum changes, that is whenever the definition or its file changes.
 * <pre class="code">
 * public class R__order_totals extends CreateOrReplaceStreamTableMigration {
 *
 *     &#64;Override
 *     protected StreamTableDefinition definition() {
 *         return StreamTableDefinition.builder("public.order_totals", queryFile("order_totals", 2))
 *             .schedule(Schedule.every(Duration.ofMinutes(1)))
 *             .build();
 *     }
 *
 * }
 * </pre>
 * A changed query or refresh mode is applied with a full refresh inside the migration's
 * transaction.
 */
public abstract class CreateOrReplaceStreamTableMigration extends StreamTableMigration {

	/**
	 * Create a new instance; version and description come from the class name.
	 */
	protected CreateOrReplaceStreamTableMigration() {
	}

	/**
	 * Return the definition the stream table must match. Use a schema-qualified name.
	 * @return the definition
	 */
	protected abstract StreamTableDefinition definition();

	@Override
	final Step step() {
		StreamTableDefinition definition = definition();
		if (definition == null) {
			throw new IllegalStateException("definition() returned null");
		}
		int checksum = new MigrationChecksum("create-or-replace").addDefinition(definition).value();
		return new Step("create or replace stream table " + definition.name(), checksum,
				(template) -> template.createOrReplace(definition));
	}

}
