package io.pgtrickle.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link StatusSnapshotCache}.
 */
class StatusSnapshotCacheTests {

	private static final StatusSnapshot SNAPSHOT = new StatusSnapshot(Instant.parse("2026-11-24T12:00:00Z"),
			List.of());

	private final PgTrickleOperations operations = mock(PgTrickleOperations.class);

	@Test
	void snapshotIsReusedForTheTimeToLive() {
		given(this.operations.statusSnapshot()).willReturn(SNAPSHOT);
		StatusSnapshotCache cache = new StatusSnapshotCache(this.operations, Duration.ofHours(1));
		assertThat(cache.get()).isSameAs(SNAPSHOT);
		assertThat(cache.get()).isSameAs(SNAPSHOT);
		verify(this.operations, times(1)).statusSnapshot();
	}

	@Test
	void everyCallReadsWhenTheTimeToLiveIsZero() {
		given(this.operations.statusSnapshot()).willReturn(SNAPSHOT);
		StatusSnapshotCache cache = new StatusSnapshotCache(this.operations, Duration.ZERO);
		cache.get();
		cache.get();
		verify(this.operations, times(2)).statusSnapshot();
	}

	@Test
	void invalidateMakesTheNextCallRead() {
		given(this.operations.statusSnapshot()).willReturn(SNAPSHOT);
		StatusSnapshotCache cache = new StatusSnapshotCache(this.operations, Duration.ofHours(1));
		cache.get();
		cache.invalidate();
		cache.get();
		verify(this.operations, times(2)).statusSnapshot();
	}

	@Test
	void failureIsNotHandedToALaterCaller() {
		given(this.operations.statusSnapshot()).willThrow(new DataAccessResourceFailureException("down"))
			.willReturn(SNAPSHOT);
		StatusSnapshotCache cache = new StatusSnapshotCache(this.operations, Duration.ofHours(1));
		assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(cache::get)
			.withMessage("down");
		assertThat(cache.get()).isSameAs(SNAPSHOT);
		verify(this.operations, times(2)).statusSnapshot();
	}

	@Test
	void callersThatWaitedForAFailedReadGetItsFailure() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger reads = new AtomicInteger();
		willAnswer((invocation) -> {
			reads.incrementAndGet();
			release.await(30, TimeUnit.SECONDS);
			throw new DataAccessResourceFailureException("down");
		}).given(this.operations).statusSnapshot();
		StatusSnapshotCache cache = new StatusSnapshotCache(this.operations, Duration.ofHours(1));
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			List<Future<StatusSnapshot>> results = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				results.add(callers.submit(cache::get));
			}
			Thread.sleep(200);
			release.countDown();
			for (Future<StatusSnapshot> result : results) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(10, TimeUnit.SECONDS))
					.withCauseInstanceOf(DataAccessResourceFailureException.class);
			}
			assertThat(reads).hasValue(1);
		}
		finally {
			release.countDown();
			callers.shutdownNow();
		}
	}

}
