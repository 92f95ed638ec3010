package io.pgtrickle.events;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.pgtrickle.events.StreamTableSignals.Subscription;

/**
 * The subscriptions to {@link StreamTableSignals}, by stream table.
 */
final class SignalRegistry {

	private static final Log logger = LogFactory.getLog(SignalRegistry.class);

	private final Map<String, Set<Runnable>> callbacks = new ConcurrentHashMap<>();

	Subscription subscribe(String streamTable, Runnable callback) {
		Runnable registered = callback::run;
		this.callbacks.computeIfAbsent(streamTable, (key) -> ConcurrentHashMap.newKeySet()).add(registered);
		return () -> this.callbacks.computeIfPresent(streamTable, (key, set) -> {
			set.remove(registered);
			return set.isEmpty() ? null : set;
		});
	}

	void signal(String streamTable) {
		Set<Runnable> subscribed = this.callbacks.get(streamTable);
		if (subscribed != null) {
			subscribed.forEach(this::run);
		}
	}

	void signalAll() {
		this.callbacks.values().forEach((subscribed) -> subscribed.forEach(this::run));
	}

	private void run(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException ex) {
			logger.error("A stream table signal callback failed; the other callbacks still run", ex);
		}
	}

}
