package io.pgtrickle.jpa.mapping;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * A @StreamTable entity with a missing column and a column of the wrong type.
 */
@Entity
@StreamTable
@Table(name = "order_totals")
public class WrongOrderTotal {

	@Id
	Long customerId;

	Integer total;

	Integer orderCount;

	@Column(name = "amount")
	BigDecimal amount;

}
