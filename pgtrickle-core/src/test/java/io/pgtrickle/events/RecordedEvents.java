package io.pgtrickle.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.context.ApplicationEventPublisher;

/**
 * An {@link ApplicationEventPublisher} that records what is published, for tests to wait on.
 */
final class RecordedEvents implements ApplicationEventPublisher {

	private final List<Object> events = new ArrayList<>();

	@Override
	public synchronized void publishEvent(Object event) {
		this.events.add(event);
		notifyAll();
	}

	/**
	 * Wait for an event of the type that satisfies the condition, published before or during the
	 * wait.
	 */
	synchronized <T> T await(Class<T> type, Predicate<? super T> condition, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			for (Object event : this.events) {
				if (type.isInstance(event) && condition.test(type.cast(event))) {
					return type.cast(event);
				}
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw new AssertionError("No " + type.getSimpleName() + " as expected within " + timeout + "; got "
						+ this.events);
			}
			wait(Math.max(1, remaining / 1_000_000));
		}
	}

	synchronized <T> List<T> all(Class<T> type, Predicate<? super T> condition) {
		List<T> matching = new ArrayList<>();
		for (Object event : this.events) {
			if (type.isInstance(event) && condition.test(type.cast(event))) {
				matching.add(type.cast(event));
			}
		}
		return matching;
	}

	synchronized List<Object> all() {
		return new ArrayList<>(this.events);
	}

}
