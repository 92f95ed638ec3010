package io.pgtrickle.core;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * An {@link AwaitStrategy} that polls with exponential back-off: the first observation at once,
 * then pauses that start at 10 ms and double up to 1 s, never sleeping past the deadline. The
 * thread sleeps between observations; it never spins.
 */
final class PollingAwaitStrategy implements AwaitStrategy {

	static final Duration INITIAL_DELAY = Duration.ofMillis(10);

	static final Duration MAX_DELAY = Duration.ofSeconds(1);

	private final LongSupplier nanoTime;

	private final Sleeper sleeper;

	PollingAwaitStrategy() {
		this(System::nanoTime, (nanos) -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
	}

	PollingAwaitStrategy(LongSupplier nanoTime, Sleeper sleeper) {
		this.nanoTime = nanoTime;
		this.sleeper = sleeper;
	}

	@Override
	public <T> T await(Supplier<T> probe, Predicate<T> condition, Duration timeout, Failure<T> failure) {
		long deadline = this.nanoTime.getAsLong() + timeout.toNanos();
		long delay = INITIAL_DELAY.toNanos();
		@Nullable T last = null;
		while (true) {
			last = probe.get();
			if (condition.test(last)) {
				return last;
			}
			long remaining = deadline - this.nanoTime.getAsLong();
			if (remaining <= 0) {
				throw failure.create(last, false);
			}
			try {
				this.sleeper.sleep(Math.min(delay, remaining));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				RuntimeException interrupted = failure.create(last, true);
				interrupted.addSuppressed(ex);
				throw interrupted;
			}
			delay = Math.min(delay * 2, MAX_DELAY.toNanos());
		}
	}

	/**
	 * Pauses the current thread.
	 */
	@FunctionalInterface
	interface Sleeper {

		void sleep(long nanos) throws InterruptedException;

	}

}
