package io.pgtrickle.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.util.Assert;

/**
 * Evicts Spring caches when the stream tables they were filled from refresh: every entry of the
 * caches mapped to a stream table is invalidated on a {@link StreamTableRefreshedEvent} for it that
 * {@linkplain StreamTableRefreshedEvent#hasChanges() may have changed its contents}, and every
 * mapped cache after the {@link PgTrickleAlertListener} reconnects, since refreshes may have been
 * missed while it was disconnected.
 * <p>
 * Entries are invalidated ({@link Cache#invalidate()}), so that a read after the event sees the new
 * contents even with caches that clear asynchronously.
 */
public class StreamTableCacheEvictor implements SmartApplicationListener {

	private static final Log logger = LogFactory.getLog(StreamTableCacheEvictor.class);

	private final CacheManager cacheManager;

	private final Map<String, List<String>> cacheNames;

	/**
	 * Create an evictor.
	 * @param cacheManager the cache manager that holds the caches
	 * @param cacheNames the names of the caches to evict, by schema-qualified stream table name
	 * (such as {@code public.order_totals})
	 * @throws IllegalArgumentException if a stream table name has no schema
	 */
	public StreamTableCacheEvictor(CacheManager cacheManager, Map<String, ? extends Collection<String>> cacheNames) {
		Assert.notNull(cacheManager, "'cacheManager' must not be null");
		Assert.notNull(cacheNames, "'cacheNames' must not be null");
		this.cacheManager = cacheManager;
		Map<String, List<String>> copy = new LinkedHashMap<>();
		cacheNames.forEach((streamTable, names) -> {
			Assert.isTrue(streamTable.indexOf('.') > 0 && !streamTable.endsWith("."), () -> "Stream table '"
					+ streamTable + "' of the cache evictions must be schema-qualified, such as 'public."
					+ streamTable + "'; in properties, write the key in brackets: "
					+ "pgtrickle.events.cache-evictions[public." + streamTable + "]=<cache names>");
			copy.put(streamTable, List.copyOf(names));
		});
		this.cacheNames = Collections.unmodifiableMap(copy);
	}

	/**
	 * Return the names of the caches evicted, by stream table.
	 * @return the cache names, by schema-qualified stream table name
	 */
	public Map<String, List<String>> getCacheNames() {
		return this.cacheNames;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return StreamTableRefreshedEvent.class.isAssignableFrom(eventType)
				|| AlertListenerConnectedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof StreamTableRefreshedEvent refreshed) {
			if (refreshed.hasChanges()) {
				evict(refreshed.getStreamTable());
			}
		}
		else if (event instanceof AlertListenerConnectedEvent connected && connected.isReconnect()) {
			evictAll();
		}
	}

	/**
	 * Evict the caches mapped to a stream table.
	 * @param streamTable the schema-qualified stream table
	 */
	public void evict(String streamTable) {
		List<String> names = this.cacheNames.get(streamTable);
		if (names != null) {
			invalidate(names, streamTable + " refreshed");
		}
	}

	/**
	 * Evict every mapped cache.
	 */
	public void evictAll() {
		Set<String> names = new LinkedHashSet<>();
		this.cacheNames.values().forEach(names::addAll);
		invalidate(new ArrayList<>(names), "the pg_trickle alert listener reconnected and may have missed refreshes");
	}

	private void invalidate(List<String> names, String reason) {
		for (String name : names) {
			Cache cache = this.cacheManager.getCache(name);
			if (cache == null) {
				logger.warn("Cache '" + name + "' mapped in the stream table cache evictions does not exist in "
						+ this.cacheManager + "; nothing to evict");
				continue;
			}
			boolean invalidated = cache.invalidate();
			if (logger.isDebugEnabled()) {
				logger.debug("Evicted cache '" + name + "' (" + (invalidated ? "it held entries" : "it was empty") + ") because "
						+ reason);
			}
		}
	}

	@Override
	public String toString() {
		return "StreamTableCacheEvictor" + this.cacheNames;
	}

}
