package io.pgtrickle.samples.orders;

import java.util.Optional;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Serves a customer's totals from the {@code customer-totals} cache, which is evicted whenever the
 * {@code customer_totals} stream table refreshes (see {@code pgtrickle.events.cache-evictions} in
 * {@code application.yaml}).
 */
@Service
public class CustomerTotalsService {

	static final String CACHE = "customer-totals";

	private final CustomerTotals customerTotals;

	public CustomerTotalsService(CustomerTotals customerTotals) {
		this.customerTotals = customerTotals;
	}

	@Cacheable(CACHE)
	public Optional<CustomerTotal> totals(long customerId) {
		return this.customerTotals.findById(customerId);
	}

}
