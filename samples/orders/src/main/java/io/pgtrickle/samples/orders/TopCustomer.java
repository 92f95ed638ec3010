package io.pgtrickle.samples.orders;

import java.math.BigDecimal;

import io.pgtrickle.jpa.StreamTable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of the {@code top_customers} stream table, which is built on {@code customer_totals}.
 */
@Entity
@StreamTable
@Table(name = "top_customers")
public class TopCustomer {

	@Id
	@Column(name = "customer_id")
	private Long customerId;

	private String name;

	private String city;

	private BigDecimal total;

	protected TopCustomer() {
	}

	public Long getCustomerId() {
		return this.customerId;
	}

	public String getName() {
		return this.name;
	}

	public String getCity() {
		return this.city;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

}
