package io.pgtrickle.events;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StreamTableCacheEvictor}.
 */
class StreamTableCacheEvictorTests {

	private final ConcurrentMapCacheManager cacheManager = new ConcurrentMapCacheManager("orderTotals", "customers",
			"unrelated");

	private final StreamTableCacheEvictor evictor = new StreamTableCacheEvictor(this.cacheManager,
			Map.of("public.order_totals", List.of("orderTotals", "customers"), "public.customers", List.of("customers")));

	@BeforeEach
	void fillCaches() {
		for (String name : List.of("orderTotals", "customers", "unrelated")) {
			this.cacheManager.getCache(name).put("key", "value");
		}
	}

	@Test
	void refreshWithChangesEvictsTheMappedCaches() {
		this.evictor.onApplicationEvent(refreshed("public.order_totals", 1, 0));
		assertThat(cached("orderTotals")).isFalse();
		assertThat(cached("customers")).isFalse();
		assertThat(cached("unrelated")).isTrue();
	}

	@Test
	void refreshThroughTemplateEvictsTheMappedCaches() {
		this.evictor.onApplicationEvent(new StreamTableRefreshedEvent(this, "public.customers"));
		assertThat(cached("customers")).isFalse();
		assertThat(cached("orderTotals")).isTrue();
	}

	@Test
	void refreshWithoutChangesEvictsNothing() {
		this.evictor.onApplicationEvent(refreshed("public.order_totals", 0, 0));
		assertThat(cached("orderTotals")).isTrue();
	}

	@Test
	void refreshOfUnmappedStreamTableEvictsNothing() {
		this.evictor.onApplicationEvent(refreshed("public.other", 5, 5));
		assertThat(cached("orderTotals")).isTrue();
		assertThat(cached("customers")).isTrue();
	}

	@Test
	void reconnectionEvictsEveryMappedCache() {
		PgTrickleAlertListener listener = new PgTrickleAlertListener(() -> {
			throw new IllegalStateException("not used");
		}, (event) -> {
		});
		this.evictor.onApplicationEvent(new AlertListenerConnectedEvent(listener, false));
		assertThat(cached("orderTotals")).isTrue();
		this.evictor.onApplicationEvent(new AlertListenerConnectedEvent(listener, true));
		assertThat(cached("orderTotals")).isFalse();
		assertThat(cached("customers")).isFalse();
		assertThat(cached("unrelated")).isTrue();
	}

	@Test
	void missingCacheIsSkipped() {
		ConcurrentMapCacheManager fixed = new ConcurrentMapCacheManager("orderTotals");
		fixed.getCache("orderTotals").put("key", "value");
		new StreamTableCacheEvictor(fixed, Map.of("public.t", List.of("absent", "orderTotals")))
			.onApplicationEvent(refreshed("public.t", 1, 0));
		assertThat(fixed.getCache("orderTotals").get("key")).isNull();
	}

	@Test
	void unqualifiedStreamTableIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StreamTableCacheEvictor(this.cacheManager, Map.of("order_totals", List.of("x"))))
			.withMessageContaining("pgtrickle.events.cache-evictions[public.order_totals]");
	}

	@Test
	void listensToRefreshedAndConnectedEventsInAContext() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(StreamTableCacheEvictor.class, () -> this.evictor);
			context.refresh();
			context.publishEvent(refreshed("public.customers", 0, 3));
			assertThat(cached("customers")).isFalse();
			assertThat(this.evictor.supportsEventType(ApplicationEvent.class)).isFalse();
		}
	}

	private boolean cached(String name) {
		return this.cacheManager.getCache(name).get("key") != null;
	}

	private static StreamTableRefreshedEvent refreshed(String streamTable, long inserted, long deleted) {
		return new StreamTableRefreshedEvent(new Object(), streamTable, PgTrickleAlert.parse("pg_trickle_alert",
				"{\"event\":\"refresh_completed\",\"st\":\"" + streamTable + "\",\"action\":\"DIFFERENTIAL\",\"rows_inserted\":"
						+ inserted + ",\"rows_deleted\":" + deleted + ",\"duration_ms\":1}"));
	}

}
