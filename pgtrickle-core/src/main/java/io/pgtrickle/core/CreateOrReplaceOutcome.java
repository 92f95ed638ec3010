package io.pgtrickle.core;

/**
 * What {@link PgTrickleOperations#createOrReplace(StreamTableDefinition) createOrReplace} did, as
 * pg_trickle reported it.
 */
public enum CreateOrReplaceOutcome {

	/**
	 * The stream table did not exist and was created.
	 */
	CREATED,

	/**
	 * The stream table existed with another query or configuration, and was changed in place.
	 */
	REPLACED,

	/**
	 * The stream table existed with the same query and configuration; nothing changed.
	 */
	UNCHANGED

}
