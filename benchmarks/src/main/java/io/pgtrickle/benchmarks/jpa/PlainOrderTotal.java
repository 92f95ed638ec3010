package io.pgtrickle.benchmarks.jpa;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The same rows in the plain table {@code plain_order_totals}, mapped as an ordinary entity.
 */
@Entity
@Table(name = "plain_order_totals")
public class PlainOrderTotal {

	@Id
	private Long customerId;

	private BigDecimal total;

	private Long orderCount;

	protected PlainOrderTotal() {
	}

	public Long getCustomerId() {
		return this.customerId;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public Long getOrderCount() {
		return this.orderCount;
	}

}
