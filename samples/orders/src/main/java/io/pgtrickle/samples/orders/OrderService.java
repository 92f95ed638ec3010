package io.pgtrickle.samples.orders;

import java.math.BigDecimal;
import java.time.Instant;

import io.pgtrickle.core.RefreshResult;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders and shows read-your-writes: the order and the refresh of the customer's totals
 * commit together, and a refresh skipped under contention is reported, not hidden.
 */
@Service
public class OrderService {

	private final Orders orders;

	private final CustomerTotals customerTotals;

	public OrderService(Orders orders, CustomerTotals customerTotals) {
		this.orders = orders;
		this.customerTotals = customerTotals;
	}

	@Transactional
	public PlacedOrder placeOrder(long customerId, BigDecimal amount) {
		Order order = this.orders.saveAndFlush(new Order(customerId, amount, Instant.now()));
		RefreshResult refresh = this.customerTotals.refresh();
		CustomerTotal totals = this.customerTotals.findById(customerId).orElseThrow();
		return new PlacedOrder(order.getId(), refresh.outcome().name(), totals.getOrderCount(), totals.getTotal());
	}

	/**
	 * What placing an order returns: the new order, whether the refresh ran, and the totals it saw.
	 *
	 * @param orderId the new order's id
	 * @param refresh {@code REFRESHED}, or {@code SKIPPED} when another refresh held the stream table
	 * @param orderCount the customer's order count after the refresh
	 * @param total the customer's total after the refresh
	 */
	public record PlacedOrder(long orderId, String refresh, long orderCount, BigDecimal total) {
	}

}
