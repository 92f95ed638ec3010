package io.pgtrickle.jpa.sales;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * A row of stream table {@code order_totals}: the orders of one customer, summed.
 */
@Entity
@StreamTable
@Table(name = "order_totals")
public class OrderTotal {

	@Id
	private Long customerId;

	private BigDecimal total;

	private Long orderCount;

	protected OrderTotal() {
	}

	public OrderTotal(Long customerId, BigDecimal total, Long orderCount) {
		this.customerId = customerId;
		this.total = total;
		this.orderCount = orderCount;
	}

	public Long getCustomerId() {
		return this.customerId;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public void setTotal(BigDecimal total) {
		this.total = total;
	}

	public Long getOrderCount() {
		return this.orderCount;
	}

}
