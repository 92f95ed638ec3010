package io.pgtrickle.flyway;

import io.pgtrickle.core.StreamTableDefinition;

/**
 * A Flyway Java migration that creates a stream table. By default pg_trickle fills the table
 * inside the migration's transaction; for a large table, set
 * {@link StreamTableDefinition.Builder#initialize(Boolean) initialize(false)} and let
 * {@link DeferredInitializationCallback} (or pg_trickle's scheduler) fill it after the migration
 * has committed.
 * <pre class="code">
 * public class V3__create_order_totals extends CreateStreamTableMigration {
 *
 *     &#64;Override
 *     protected StreamTableDefinition definition() {
 *         return StreamTableDefinition.builder("public.order_totals", queryFile("order_totals", 1))
 *             .schedule(Schedule.every(Duration.ofSeconds(30)))
 *             .refreshMode(RefreshMode.DIFFERENTIAL)
 *             .build();
 *     }
 *
 * }
 * </pre>
 * The migration fails if the stream table exists.
 */
public abstract class CreateStreamTableMigration extends StreamTableMigration {

	/**
	 * Create a new instance; version and description come from the class name.
	 */
	protected CreateStreamTableMigration() {
	}

	/**
	 * Return the definition of the stream table to create. Use a schema-qualified name: while
	 * migrating, Flyway sets the {@code search_path} to its default schema.
	 * @return the definition
	 */
	protected abstract StreamTableDefinition definition();

	@Override
	final Step step() {
		StreamTableDefinition definition = definition();
		if (definition == null) {
			throw new IllegalStateException("definition() returned null");
		}
		int checksum = new MigrationChecksum("create").addDefinition(definition).value();
		return new Step("create stream table " + definition.name(), checksum,
				(template) -> template.create(definition));
	}

}
