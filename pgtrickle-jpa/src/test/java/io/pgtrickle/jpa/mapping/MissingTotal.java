package io.pgtrickle.jpa.mapping;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * A @StreamTable entity on a table that does not exist.
 */
@Entity
@StreamTable
@Table(name = "missing_totals")
public class MissingTotal {

	@Id
	Long customerId;

	BigDecimal total;

}
