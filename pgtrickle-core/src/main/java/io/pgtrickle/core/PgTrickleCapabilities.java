package io.pgtrickle.core;

import java.util.Set;

/**
 * What the pg_trickle installed in a database offers, found by probing its catalog rather than by
 * guessing from the version: the arguments of the lifecycle functions and the functions present.
 *
 * @param version the installed version
 * @param createArguments the argument names of {@code create_stream_table}
 * @param createOrReplaceArguments the argument names of {@code create_or_replace_stream_table}
 * @param alterArguments the argument names of {@code alter_stream_table}
 * @param functions the names of the functions in schema {@code pgtrickle}
 * @see PgTrickleOperations#capabilities()
 */
public record PgTrickleCapabilities(PgTrickleVersion version, Set<String> createArguments,
		Set<String> createOrReplaceArguments, Set<String> alterArguments, Set<String> functions) {

	/**
	 * Create a new instance.
	 * @param version the installed version
	 * @param createArguments the argument names of {@code create_stream_table}
	 * @param createOrReplaceArguments the argument names of {@code create_or_replace_stream_table}
	 * @param alterArguments the argument names of {@code alter_stream_table}
	 * @param functions the names of the functions in schema {@code pgtrickle}
	 */
	public PgTrickleCapabilities {
		createArguments = Set.copyOf(createArguments);
		createOrReplaceArguments = Set.copyOf(createOrReplaceArguments);
		alterArguments = Set.copyOf(alterArguments);
		functions = Set.copyOf(functions);
	}

	/**
	 * Return whether schema {@code pgtrickle} has a function of the given name.
	 * @param name the function name, for example {@code pause_stream_table}
	 * @return {@code true} if the function exists
	 */
	public boolean hasFunction(String name) {
		return this.functions.contains(name);
	}

	/**
	 * Return whether {@code create_stream_table} accepts the given argument.
	 * @param argument the argument name, for example {@code fillfactor}
	 * @return {@code true} if the argument exists
	 */
	public boolean supportsCreateArgument(String argument) {
		return this.createArguments.contains(argument);
	}

	/**
	 * Return whether {@code create_or_replace_stream_table} accepts the given argument.
	 * @param argument the argument name, for example {@code orchestration_mode}
	 * @return {@code true} if the argument exists
	 */
	public boolean supportsCreateOrReplaceArgument(String argument) {
		return this.createOrReplaceArguments.contains(argument);
	}

	/**
	 * Return whether {@code alter_stream_table} accepts the given argument.
	 * @param argument the argument name, for example {@code target_freshness}
	 * @return {@code true} if the argument exists
	 */
	public boolean supportsAlterArgument(String argument) {
		return this.alterArguments.contains(argument);
	}

}
