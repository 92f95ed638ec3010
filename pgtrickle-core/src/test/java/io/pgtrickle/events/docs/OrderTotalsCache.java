package io.pgtrickle.events.docs;

import java.math.BigDecimal;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.events.StreamTableRefreshedEvent;

/**
 * Snippet of "Evict a cache when a stream table refreshes", with annotations.
 */
public class OrderTotalsCache {

	private final JdbcTemplate jdbcTemplate;

	public OrderTotalsCache(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	@Cacheable("orderTotals")
	public BigDecimal totalOf(int customerId) {
		return this.jdbcTemplate.queryForObject("SELECT total FROM public.order_totals WHERE customer_id = ?",
				BigDecimal.class, customerId);
	}

	@EventListener(condition = "#event.streamTable == 'public.order_totals' and #event.hasChanges()")
	@CacheEvict(cacheNames = "orderTotals", allEntries = true)
	public void onOrderTotalsRefreshed(StreamTableRefreshedEvent event) {
	}

}
