package io.pgtrickle.autoconfigure.jpa.mismatch;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * A {@code @StreamTable} entity whose stream table was never created.
 */
@Entity
@StreamTable
@Table(name = "missing_totals")
public class MissingTotal {

	@Id
	private Long customerId;

	private Integer total;

}
