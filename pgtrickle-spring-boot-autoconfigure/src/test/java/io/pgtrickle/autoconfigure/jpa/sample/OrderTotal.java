package io.pgtrickle.autoconfigure.jpa.sample;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * A row of stream table {@code order_totals}.
 */
@Entity
@StreamTable
@Table(name = "order_totals")
public class OrderTotal {

	@Id
	private Long customerId;

	private BigDecimal total;

	protected OrderTotal() {
	}

	public OrderTotal(Long customerId, BigDecimal total) {
		this.customerId = customerId;
		this.total = total;
	}

	public Long getCustomerId() {
		return this.customerId;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

}
