package io.pgtrickle.core;

/**
 * Which schedule an {@link DiamondConsistency#ATOMIC atomic} diamond of stream tables follows.
 */
public enum DiamondSchedulePolicy {

	/**
	 * The fastest schedule among its members (pg_trickle's default).
	 */
	FASTEST,

	/**
	 * The slowest schedule among its members; requires {@link DiamondConsistency#ATOMIC}.
	 */
	SLOWEST

}
