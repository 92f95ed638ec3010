package io.pgtrickle.jpa.sales;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A customer: an ordinary entity on source table {@code customers}.
 */
@Entity
@Table(name = "customers")
public class Customer {

	@Id
	private Long id;

	private String name;

	protected Customer() {
	}

	public Customer(Long id, String name) {
		this.id = id;
		this.name = name;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

}
