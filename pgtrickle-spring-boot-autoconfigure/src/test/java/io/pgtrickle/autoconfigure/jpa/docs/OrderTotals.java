package io.pgtrickle.autoconfigure.jpa.docs;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

import io.pgtrickle.jpa.repository.StreamTableRepository;

// tag::repository[]
public interface OrderTotals extends StreamTableRepository<OrderTotal, Long> {

	List<OrderTotal> findTop10ByOrderByTotalDesc();

	Page<OrderTotal> findByTotalGreaterThan(BigDecimal total, Pageable pageable);

}
// end::repository[]
