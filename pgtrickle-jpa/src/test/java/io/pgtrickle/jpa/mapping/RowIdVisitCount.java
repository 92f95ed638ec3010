package io.pgtrickle.jpa.mapping;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

/**
 * The aggregate over a keyless source visit_counts with __pgt_row_id as its id.
 */
@Entity
@StreamTable
@Table(name = "visit_counts")
public class RowIdVisitCount {

	@Id
	@Column(name = "__pgt_row_id")
	Long rowId;

	Long visits;

}
