package io.pgtrickle.samples.orders;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An order: a row of the {@code orders} source table, written like any other entity.
 */
@Entity
@Table(name = "orders")
public class Order {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "customer_id")
	private long customerId;

	private BigDecimal amount;

	@Column(name = "placed_at")
	private Instant placedAt;

	protected Order() {
	}

	public Order(long customerId, BigDecimal amount, Instant placedAt) {
		this.customerId = customerId;
		this.amount = amount;
		this.placedAt = placedAt;
	}

	public Long getId() {
		return this.id;
	}

	public long getCustomerId() {
		return this.customerId;
	}

	public BigDecimal getAmount() {
		return this.amount;
	}

	public Instant getPlacedAt() {
		return this.placedAt;
	}

}
