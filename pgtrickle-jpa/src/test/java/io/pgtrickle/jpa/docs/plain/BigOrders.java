package io.pgtrickle.jpa.docs.plain;

import java.util.List;

import io.pgtrickle.jpa.repository.StreamTableRepository;

/**
 * The repository of {@link BigOrder}.
 */
public interface BigOrders extends StreamTableRepository<BigOrder, Long> {

	List<BigOrder> findByCustomerId(Long customerId);

}
