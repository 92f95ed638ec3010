package io.pgtrickle.samples.orders;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.pgtrickle.jpa.StreamTable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of the {@code daily_revenue} stream table.
 */
@Entity
@StreamTable
@Table(name = "daily_revenue")
public class DailyRevenue {

	@Id
	private LocalDate day;

	@Column(name = "order_count")
	private long orderCount;

	private BigDecimal revenue;

	protected DailyRevenue() {
	}

	public LocalDate getDay() {
		return this.day;
	}

	public long getOrderCount() {
		return this.orderCount;
	}

	public BigDecimal getRevenue() {
		return this.revenue;
	}

}
