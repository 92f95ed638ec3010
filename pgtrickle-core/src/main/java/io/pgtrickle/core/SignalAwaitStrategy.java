package io.pgtrickle.core;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.pgtrickle.events.StreamTableSignals;
import io.pgtrickle.events.StreamTableSignals.Subscription;

/**
 * An {@link AwaitStrategy} that waits on {@link StreamTableSignals} while they are active: it
 * observes at once, then again whenever the stream table is signalled (pg_trickle announced
 * something about it, or this application refreshed it), and at least once per
 * {@linkplain #RECHECK_INTERVAL recheck interval} for the changes pg_trickle does not announce.
 * While the signals are inactive (the alert listener is not connected) it waits like its fallback,
 * by polling.
 */
final class SignalAwaitStrategy implements AwaitStrategy {

	/**
	 * The longest time between two observations while waiting on signals; the same as the
	 * longest pause of {@link PollingAwaitStrategy}, so waiting on signals is never slower than
	 * polling.
	 */
	static final Duration RECHECK_INTERVAL = PollingAwaitStrategy.MAX_DELAY;

	private final StreamTableSignals signals;

	private final String streamTable;

	private final AwaitStrategy fallback;

	private final long recheckNanos;

	private final LongSupplier nanoTime;

	SignalAwaitStrategy(StreamTableSignals signals, String streamTable, AwaitStrategy fallback) {
		this(signals, streamTable, fallback, RECHECK_INTERVAL, System::nanoTime);
	}

	SignalAwaitStrategy(StreamTableSignals signals, String streamTable, AwaitStrategy fallback,
			Duration recheckInterval, LongSupplier nanoTime) {
		this.signals = signals;
		this.streamTable = streamTable;
		this.fallback = fallback;
		this.recheckNanos = recheckInterval.toNanos();
		this.nanoTime = nanoTime;
	}

	@Override
	public <T> T await(Supplier<T> probe, Predicate<T> condition, Duration timeout, Failure<T> failure) {
		if (!this.signals.isActive()) {
			return this.fallback.await(probe, condition, timeout, failure);
		}
		long deadline = this.nanoTime.getAsLong() + timeout.toNanos();
		Semaphore signalled = new Semaphore(0);
		try (Subscription subscription = this.signals.subscribe(this.streamTable, signalled::release)) {
			while (true) {
				signalled.drainPermits();
				T last = probe.get();
				if (condition.test(last)) {
					return last;
				}
				long remaining = deadline - this.nanoTime.getAsLong();
				if (remaining <= 0) {
					throw failure.create(last, false);
				}
				if (!this.signals.isActive()) {
					return this.fallback.await(probe, condition, Duration.ofNanos(remaining), failure);
				}
				try {
					signalled.tryAcquire(Math.min(remaining, this.recheckNanos), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					RuntimeException interrupted = failure.create(last, true);
					interrupted.addSuppressed(ex);
					throw interrupted;
				}
			}
		}
	}

}
