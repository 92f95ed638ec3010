package io.pgtrickle.jpa.docs.rowid;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.pgtrickle.jpa.StreamTable;

// tag::row-id[]
@Entity
@StreamTable
@Table(name = "page_views")
public class VisitCount {

	@Id
	@Column(name = "__pgt_row_id")
	private Long rowId;

	private String page;

	private Long views;

	protected VisitCount() {
	}

	public String getPage() {
		return this.page;
	}

	public Long getViews() {
		return this.views;
	}

}
// end::row-id[]
