package io.pgtrickle.samples.orders;

import java.util.List;

import io.pgtrickle.jpa.repository.StreamTableRepository;

/**
 * Reads {@code top_customers}.
 */
public interface TopCustomers extends StreamTableRepository<TopCustomer, Long> {

	List<TopCustomer> findAllByOrderByTotalDesc();

}
