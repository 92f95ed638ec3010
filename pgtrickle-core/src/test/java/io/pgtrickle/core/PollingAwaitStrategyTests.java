package io.pgtrickle.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PollingAwaitStrategy}, on a fake clock.
 */
class PollingAwaitStrategyTests {

	private long now;

	private final List<Long> sleeps = new ArrayList<>();

	private final PollingAwaitStrategy strategy = new PollingAwaitStrategy(() -> this.now, (nanos) -> {
		this.sleeps.add(nanos);
		this.now += nanos;
	});

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void conditionMetAtOnceDoesNotSleep() {
		String result = this.strategy.await(() -> "done", "done"::equals, Duration.ofSeconds(1), this::failure);
		assertThat(result).isEqualTo("done");
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void backOffDoublesFromTenMillisecondsUpToOneSecond() {
		AtomicInteger probes = new AtomicInteger();
		int result = this.strategy.await(probes::incrementAndGet, (count) -> count == 10, Duration.ofMinutes(1),
				this::failure);
		assertThat(result).isEqualTo(10);
		assertThat(this.sleeps).containsExactly(ms(10), ms(20), ms(40), ms(80), ms(160), ms(320), ms(640), ms(1000),
				ms(1000));
	}

	@Test
	void neverSleepsPastTheDeadlineAndProbesOnceMoreAtIt() {
		AtomicInteger probes = new AtomicInteger();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.strategy.await(probes::incrementAndGet, (count) -> false, Duration.ofMillis(100),
					this::failure))
			.withMessage("timeout after 5");
		assertThat(this.sleeps).containsExactly(ms(10), ms(20), ms(40), ms(30));
		assertThat(this.now).isEqualTo(ms(100));
	}

	@Test
	void zeroTimeoutProbesOnce() {
		AtomicInteger probes = new AtomicInteger();
		assertThatIllegalStateException().isThrownBy(
				() -> this.strategy.await(probes::incrementAndGet, (count) -> false, Duration.ZERO, this::failure));
		assertThat(probes).hasValue(1);
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void interruptionEndsTheWaitAndKeepsTheFlag() {
		PollingAwaitStrategy interrupted = new PollingAwaitStrategy(() -> this.now, (nanos) -> {
			throw new InterruptedException();
		});
		assertThatIllegalStateException()
			.isThrownBy(() -> interrupted.await(() -> 7, (value) -> false, Duration.ofSeconds(5), this::failure))
			.withMessage("interrupted after 7");
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
	}

	@Test
	void probeFailuresEndTheWait() {
		assertThatIllegalStateException().isThrownBy(() -> this.strategy.await(() -> {
			throw new IllegalStateException("boom");
		}, (value) -> true, Duration.ofSeconds(5), this::failure)).withMessage("boom");
	}

	@Test
	void realSleeperSleeps() {
		PollingAwaitStrategy real = new PollingAwaitStrategy();
		long start = System.nanoTime();
		assertThatIllegalStateException()
			.isThrownBy(() -> real.await(() -> 1, (value) -> false, Duration.ofMillis(50), this::failure));
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(ms(50));
	}

	private RuntimeException failure(Object last, boolean interrupted) {
		return new IllegalStateException(((interrupted) ? "interrupted" : "timeout") + " after " + last);
	}

	private static long ms(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

}
