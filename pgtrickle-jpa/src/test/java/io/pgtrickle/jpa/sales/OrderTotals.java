package io.pgtrickle.jpa.sales;

import java.math.BigDecimal;
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

	long countByTotalGreaterThan(BigDecimal total);

	@Query("SELECT o FROM OrderTotal o WHERE o.orderCount >= :count ORDER BY o.customerId")
	List<OrderTotal> findWithAtLeast(long count);

	@Transactional
	@Modifying
	@Query(value = "DELETE FROM order_totals", nativeQuery = true)
	int deleteAllNatively();

}
