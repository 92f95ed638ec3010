package io.pgtrickle.jpa.mapping;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * A @StreamTable entity on an ordinary table.
 */
@Entity
@StreamTable
@Table(name = "plain_totals")
public class PlainTotal {

	@Id
	Long customerId;

	BigDecimal total;

}
