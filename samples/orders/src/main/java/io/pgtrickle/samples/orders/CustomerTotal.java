package io.pgtrickle.samples.orders;

import java.math.BigDecimal;
import java.time.Instant;

import io.pgtrickle.jpa.StreamTable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of the {@code customer_totals} stream table.
 */
@Entity
@StreamTable
@Table(name = "customer_totals")
public class CustomerTotal {

	@Id
	@Column(name = "customer_id")
	private Long customerId;

	@Column(name = "order_count")
	private long orderCount;

	private BigDecimal total;

	@Column(name = "last_order_at")
	private Instant lastOrderAt;

	protected CustomerTotal() {
	}

	public Long getCustomerId() {
		return this.customerId;
	}

	public long getOrderCount() {
		return this.orderCount;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public Instant getLastOrderAt() {
		return this.lastOrderAt;
	}

}
