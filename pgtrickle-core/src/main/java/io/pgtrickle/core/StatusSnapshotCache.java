package io.pgtrickle.core;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A short-lived cache of {@link PgTrickleOperations#statusSnapshot()}, shared by everything that
 * reads the snapshot (health indicators, meters) so that one scrape or one health check costs at
 * most one query. A snapshot is reused for the time to live; so is a failure, so that a database
 * that is down or slow is not asked again by every reader. Concurrent callers of an expired cache
 * wait for one query rather than each sending their own.
 */
public final class StatusSnapshotCache implements Supplier<StatusSnapshot> {

	private final PgTrickleOperations operations;

	private final long timeToLiveNanos;

	private final Object lock = new Object();

	private volatile @Nullable Entry entry;

	/**
	 * Create a new instance.
	 * @param operations the operations that read the snapshot
	 * @param timeToLive how long a snapshot or a failure is reused; zero disables the cache
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
	 * @throws RuntimeException the failure of the last read, while it is younger than the time to live
	 */
	@Override
	public StatusSnapshot get() {
		Entry current = this.entry;
		if (current != null && current.isFresh(this.timeToLiveNanos)) {
			return current.result();
		}
		synchronized (this.lock) {
			current = this.entry;
			if (current != null && current.isFresh(this.timeToLiveNanos)) {
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
	 * Forget the cached snapshot or failure so that the next {@link #get()} reads again.
	 */
	public void invalidate() {
		this.entry = null;
	}

	private record Entry(@Nullable StatusSnapshot snapshot, @Nullable RuntimeException failure, long readAt) {

		boolean isFresh(long timeToLiveNanos) {
			return System.nanoTime() - this.readAt < timeToLiveNanos;
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
