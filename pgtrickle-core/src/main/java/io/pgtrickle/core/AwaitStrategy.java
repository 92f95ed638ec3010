package io.pgtrickle.core;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * How {@link PgTrickleTemplate} waits for a stream table to reach a condition: the seam behind the
 * {@code await*} operations, so that waiting can be driven by pg_trickle's notifications instead
 * of polling.
 */
interface AwaitStrategy {

	/**
	 * Observe until the condition holds, and return the observation that satisfied it.
	 * @param probe takes one observation; may throw to end the wait early
	 * @param condition whether an observation is the one awaited
	 * @param timeout how long to wait at most
	 * @param failure makes the exception thrown when the wait ends without success, from the last
	 * observation (or {@code null}) and whether the thread was interrupted
	 * @return the observation that satisfied the condition
	 */
	<T> T await(Supplier<T> probe, Predicate<T> condition, Duration timeout, Failure<T> failure);

	/**
	 * Makes the exception for a wait that ended without success.
	 */
	@FunctionalInterface
	interface Failure<T> {

		RuntimeException create(@Nullable T lastObservation, boolean interrupted);

	}

}
