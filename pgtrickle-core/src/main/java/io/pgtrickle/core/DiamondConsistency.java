package io.pgtrickle.core;

/**
 * How a stream table that reads several stream tables sharing an upstream source (a "diamond")
 * is refreshed relative to them.
 */
public enum DiamondConsistency {

	/**
	 * No coordination.
	 */
	NONE,

	/**
	 * Refresh the diamond together, so the stream table never mixes old and new upstream data
	 * (pg_trickle's default).
	 */
	ATOMIC

}
