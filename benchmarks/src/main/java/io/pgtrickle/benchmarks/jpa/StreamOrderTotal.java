package io.pgtrickle.benchmarks.jpa;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * A row of stream table {@code order_totals}, mapped as a {@code @StreamTable} entity.
 */
@Entity
@StreamTable
@Table(name = "order_totals")
public class StreamOrderTotal {

	@Id
	private Long customerId;

	private BigDecimal total;

	private Long orderCount;

	protected StreamOrderTotal() {
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
