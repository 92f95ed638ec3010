package io.pgtrickle.autoconfigure.jpa.docs;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

// tag::entity[]
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
// end::entity[]
