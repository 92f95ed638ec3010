package io.pgtrickle.autoconfigure.jpa.docs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

// tag::freshness[]
@Service
public class OrderReport {

	private final OrderTotals orderTotals;

	public OrderReport(OrderTotals orderTotals) {
		this.orderTotals = orderTotals;
	}

	public Report topCustomers() {
		// refresh only when the last refresh is more than a minute old
		this.orderTotals.refreshIfStale(Duration.ofMinutes(1));
		Instant asOf = this.orderTotals.lastRefreshedAt().orElse(null);
		return new Report(this.orderTotals.findTop10ByOrderByTotalDesc(), asOf, this.orderTotals.isStale());
	}

	public record Report(List<OrderTotal> top, Instant asOf, boolean stale) {

	}

}
// end::freshness[]
