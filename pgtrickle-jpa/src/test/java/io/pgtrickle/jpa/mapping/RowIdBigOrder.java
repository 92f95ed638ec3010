package io.pgtrickle.jpa.mapping;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * The non-aggregate big_orders with __pgt_row_id as its id.
 */
@Entity
@StreamTable
@Table(name = "big_orders")
public class RowIdBigOrder {

	@Id
	@Column(name = "__pgt_row_id")
	Long rowId;

	BigDecimal amount;

}
