package io.pgtrickle.samples.orders;

import java.util.List;

import io.pgtrickle.jpa.repository.StreamTableRepository;

/**
 * Reads {@code customer_totals}; the stream-table operations (freshness, refresh) come with it.
 */
public interface CustomerTotals extends StreamTableRepository<CustomerTotal, Long> {

	List<CustomerTotal> findTop10ByOrderByTotalDesc();

}
