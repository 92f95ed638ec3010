package io.pgtrickle.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pgtrickle.events.StreamTableSignals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SignalAwaitStrategy}.
 */
class SignalAwaitStrategyTests {

	private static final String STREAM_TABLE = "public.order_totals";

	private final FakeSignals signals = new FakeSignals();

	private final RecordingFallback fallback = new RecordingFallback();

	private final AtomicInteger probes = new AtomicInteger();

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void waitsLikeTheFallbackWhileSignalsAreInactive() {
		this.signals.active.set(false);
		Integer result = strategy(Duration.ofSeconds(10)).await(this::probe, (value) -> value >= 1, Duration.ofSeconds(5),
				SignalAwaitStrategyTests::failure);
		assertThat(result).isEqualTo(1);
		assertThat(this.fallback.calls).hasValue(1);
		assertThat(this.signals.subscriptions).isEmpty();
	}

	@Test
	void returnsTheFirstObservationThatSatisfiesTheCondition() {
		Integer result = strategy(Duration.ofSeconds(10)).await(this::probe, (value) -> true, Duration.ofSeconds(5),
				SignalAwaitStrategyTests::failure);
		assertThat(result).isEqualTo(1);
		assertThat(this.fallback.calls).hasValue(0);
		assertThat(this.signals.subscriptions).isEmpty();
	}

	@Test
	void signalOfTheStreamTableWakesTheWaitAtOnce() {
		signalLater(STREAM_TABLE, 200);
		long start = System.nanoTime();
		Integer result = strategy(Duration.ofSeconds(30)).await(this::probe, (value) -> value >= 2,
				Duration.ofSeconds(20), SignalAwaitStrategyTests::failure);
		assertThat(result).isEqualTo(2);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.signals.subscriptions).isEmpty();
	}

	@Test
	void signalOfAnotherStreamTableDoesNotWakeTheWait() {
		signalLater("public.other", 50);
		assertThatIllegalStateException()
			.isThrownBy(() -> strategy(Duration.ofSeconds(30)).await(this::probe, (value) -> value >= 3,
					Duration.ofMillis(400), SignalAwaitStrategyTests::failure))
			.withMessage("last 2, interrupted false");
	}

	@Test
	void observesAgainAfterTheRecheckIntervalWithoutSignals() {
		Integer result = strategy(Duration.ofMillis(20)).await(this::probe, (value) -> value >= 4, Duration.ofSeconds(20),
				SignalAwaitStrategyTests::failure);
		assertThat(result).isEqualTo(4);
	}

	@Test
	void timeoutFailsWithTheLastObservationAndEndsTheSubscription() {
		assertThatIllegalStateException()
			.isThrownBy(() -> strategy(Duration.ofMillis(30)).await(this::probe, (value) -> false, Duration.ofMillis(100),
					SignalAwaitStrategyTests::failure))
			.withMessageStartingWith("last ")
			.withMessageEndingWith("interrupted false");
		assertThat(this.probes.get()).isGreaterThanOrEqualTo(2);
		assertThat(this.signals.subscriptions).isEmpty();
	}

	@Test
	void zeroTimeoutObservesOnce() {
		assertThatIllegalStateException().isThrownBy(() -> strategy(Duration.ofSeconds(1)).await(this::probe,
				(value) -> false, Duration.ZERO, SignalAwaitStrategyTests::failure));
		assertThat(this.probes).hasValue(1);
	}

	@Test
	void signalsThatStopMidWaitHandTheRestToTheFallback() {
		Integer result = strategy(Duration.ofSeconds(30)).await(() -> {
			int value = probe();
			this.signals.active.set(false);
			return value;
		}, (value) -> value >= 2, Duration.ofSeconds(5), SignalAwaitStrategyTests::failure);
		assertThat(result).isEqualTo(2);
		assertThat(this.fallback.calls).hasValue(1);
		assertThat(this.signals.subscriptions).isEmpty();
	}

	@Test
	void interruptionFailsAndKeepsTheInterruptFlag() {
		Thread.currentThread().interrupt();
		assertThatIllegalStateException()
			.isThrownBy(() -> strategy(Duration.ofSeconds(30)).await(this::probe, (value) -> false, Duration.ofSeconds(5),
					SignalAwaitStrategyTests::failure))
			.withMessage("last 1, interrupted true")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(1));
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
		assertThat(this.signals.subscriptions).isEmpty();
	}

	private SignalAwaitStrategy strategy(Duration recheck) {
		return new SignalAwaitStrategy(this.signals, STREAM_TABLE, this.fallback, recheck, System::nanoTime);
	}

	private int probe() {
		return this.probes.incrementAndGet();
	}

	private void signalLater(String streamTable, long millis) {
		Thread thread = new Thread(() -> {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			this.signals.signal(streamTable);
		});
		thread.setDaemon(true);
		thread.start();
	}

	private static RuntimeException failure(Integer last, boolean interrupted) {
		return new IllegalStateException("last " + last + ", interrupted " + interrupted);
	}

	/**
	 * Signals under the test's control.
	 */
	static final class FakeSignals implements StreamTableSignals {

		final AtomicBoolean active = new AtomicBoolean(true);

		final Map<String, List<Runnable>> subscriptions = new ConcurrentHashMap<>();

		@Override
		public boolean isActive() {
			return this.active.get();
		}

		@Override
		public Subscription subscribe(String streamTable, Runnable callback) {
			this.subscriptions.computeIfAbsent(streamTable, (key) -> new CopyOnWriteArrayList<>()).add(callback);
			return () -> this.subscriptions.computeIfPresent(streamTable, (key, callbacks) -> {
				callbacks.remove(callback);
				return callbacks.isEmpty() ? null : callbacks;
			});
		}

		@Override
		public void signal(String streamTable) {
			this.subscriptions.getOrDefault(streamTable, List.of()).forEach(Runnable::run);
		}

	}

	/**
	 * A fallback that observes until the condition holds, without pausing, and counts its calls.
	 */
	static final class RecordingFallback implements AwaitStrategy {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public <T> T await(Supplier<T> probe, Predicate<T> condition, Duration timeout, Failure<T> failure) {
			this.calls.incrementAndGet();
			while (true) {
				T observed = probe.get();
				if (condition.test(observed)) {
					return observed;
				}
			}
		}

	}

}
