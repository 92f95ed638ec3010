package io.pgtrickle.jpa;

import org.jspecify.annotations.Nullable;

/**
 * One mismatch between a {@link StreamTable @StreamTable} entity and the database, found by
 * {@link StreamTableMappingVerifier}.
 *
 * @param severity whether the entity cannot work ({@link Severity#ERROR}) or may misbehave
 * ({@link Severity#WARNING})
 * @param entityClass the entity concerned, or {@code null} when the problem concerns all of them
 * @param table the table concerned, as PostgreSQL names it, or {@code null}
 * @param message what is wrong and how to fix it
 */
public record StreamTableMappingProblem(Severity severity, @Nullable Class<?> entityClass, @Nullable String table,
		String message) {

	@Override
	public String toString() {
		return this.severity + ": " + this.message;
	}

	/**
	 * How serious a problem is.
	 */
	public enum Severity {

		/**
		 * The entity cannot be read as mapped: a missing stream table or column, or a column whose
		 * type the mapped Java type cannot hold.
		 */
		ERROR,

		/**
		 * The entity can be read, but may misbehave, for example with an id that is not unique.
		 */
		WARNING

	}

}
