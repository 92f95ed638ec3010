package io.pgtrickle.jpa.mapping;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * The aggregate order_totals with __pgt_row_id as its id.
 */
@Entity
@StreamTable
@Table(name = "order_totals")
public class RowIdOrderTotal {

	@Id
	@Column(name = "__pgt_row_id")
	Long rowId;

	BigDecimal total;

}
