package io.pgtrickle.jpa.sales;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * A row of stream table {@code big_orders}: an order over 400, keyed by the order id.
 */
@Entity
@StreamTable
@Table(name = "big_orders")
public class BigOrder {

	@Id
	private Long id;

	private Long customerId;

	private BigDecimal amount;

	protected BigOrder() {
	}

	public Long getId() {
		return this.id;
	}

	public Long getCustomerId() {
		return this.customerId;
	}

	public BigDecimal getAmount() {
		return this.amount;
	}

}
