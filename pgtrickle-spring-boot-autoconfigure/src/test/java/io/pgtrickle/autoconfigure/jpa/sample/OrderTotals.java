package io.pgtrickle.autoconfigure.jpa.sample;

import java.util.List;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

import io.pgtrickle.jpa.repository.StreamTableRepository;

/**
 * The repository of {@link OrderTotal}.
 */
public interface OrderTotals extends StreamTableRepository<OrderTotal, Long> {

	List<OrderTotal> findTop10ByOrderByTotalDesc();

	@Transactional
	@Modifying
	@Query(value = "UPDATE order_totals SET total = 0", nativeQuery = true)
	int zeroAllNatively();

}
