package io.pgtrickle.jpa.mapping;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An entity on stream table order_totals that lacks @StreamTable.
 */
@Entity
@Table(name = "order_totals")
public class PlainOrderTotal {

	@Id
	Long customerId;

	BigDecimal total;

}
