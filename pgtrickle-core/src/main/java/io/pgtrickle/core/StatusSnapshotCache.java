package io.pgtrickle.core;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A short-lived cache of {@link PgTrickleOperations#statusSnapshot()}, shared by everything that
 * reads the snapshot (health indicators, meters) so that one scrape or one health check costs at
 * most one query. A snapshot is reused for the time to live. Concurrent callers of an expired cache
 * wait for one read rather than each sending their own query, and get its result, a failure
 * included; a failure is never handed to a caller that arrives after it, which reads again.
 */
public final class StatusSnapshotCache implements Supplier<StatusSnapshot> {

	private final PgTrickleOperations operations;

	private final long timeToLiveNanos;

	private final Object lock = new Object();

	private volatile @Nullable Entry entry;

	/**
	 * Create a new instance.
	 * @param operations the operations that read the snapshot
	 * @param timeToLive how long a snapshot is reused; zero disables the cache
	 */
	public StatusSnapshotCache(PgTrickleOperations operations, Duration timeToLive) {
		Assert.notNull(operations, "'operations' must not be null");
		Assert.notNull(timeToLive, "'timeToLive' must not be null");
		Assert.isTrue(!timeToLive.isNegative(), "'timeToLive' must not be negative");
		this.operations = operations;
		this.timeToLiveNanos = timeToLive.toNanos();
	}

	/**
	 * Return the time to live.
	 * @return the time to live
	 */
	public Duration getTimeToLive() {
		return Duration.ofNanos(this.timeToLiveNanos);
	}

	/**
	 * Return a snapshot no older than the time to live, reading one if needed.
	 * @return the snapshot
	 * @throws RuntimeException the failure of the read, when this call read or waited for a read that
	 * failed
	 */
	@Override
	public StatusSnapshot get() {
		long arrivedAt = System.nanoTime();
		Entry current = this.entry;
		if (current != null && current.isFresh(this.timeToLiveNanos)) {
			return current.result();
		}
		synchronized (this.lock) {
			current = this.entry;
			// A read that finished while this call waited for the lock answers it, failed or not.
			if (current != null && (current.isFresh(this.timeToLiveNanos) || current.readAt() - arrivedAt > 0)) {
				return current.result();
			}
			Entry read;
			try {
				read = new Entry(this.operations.statusSnapshot(), null, System.nanoTime());
			}
			catch (RuntimeException ex) {
				read = new Entry(null, ex, System.nanoTime());
			}
			this.entry = read;
			return read.result();
		}
	}

	/**
	 * Forget the cached snapshot so that the next {@link #get()} reads again.
	 */
	public void invalidate() {
		this.entry = null;
	}

	private record Entry(@Nullable StatusSnapshot snapshot, @Nullable RuntimeException failure, long readAt) {

		boolean isFresh(long timeToLiveNanos) {
			return this.failure == null && System.nanoTime() - this.readAt < timeToLiveNanos;
		}

		StatusSnapshot result() {
			if (this.failure != null) {
				throw this.failure;
			}
			Assert.state(this.snapshot != null, "No snapshot");
			return this.snapshot;
		}

	}

}
