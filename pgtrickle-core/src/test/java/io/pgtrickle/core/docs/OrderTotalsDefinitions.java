package io.pgtrickle.core.docs;

import java.util.List;

import io.pgtrickle.core.CreateOrReplaceOutcome;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableName;

/**
 * Snippets of "Create a stream table".
 */
public class OrderTotalsDefinitions {

	static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	static final StreamTableName BIG_CUSTOMERS = StreamTableName.of("public.big_customers");

	private final PgTrickleOperations pgTrickle;

	public OrderTotalsDefinitions(PgTrickleOperations pgTrickle) {
		this.pgTrickle = pgTrickle;
	}

	public void create() {
		StreamTableDefinition orderTotals = StreamTableDefinition
			.builder(ORDER_TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1m"))
			.refreshMode(RefreshMode.DIFFERENTIAL)
			.build();
		this.pgTrickle.create(orderTotals);
	}

	public CreateOrReplaceOutcome deploy() {
		StreamTableDefinition orderTotals = StreamTableDefinition
			.builder(ORDER_TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1m"))
			.build();
		return this.pgTrickle.createOrReplace(orderTotals);
	}

	public void createBoth() {
		this.pgTrickle.createAll(List.of(
				StreamTableDefinition
					.builder(ORDER_TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
					.build(),
				StreamTableDefinition
					.builder(BIG_CUSTOMERS, "SELECT customer_id FROM public.order_totals WHERE total > 1000")
					.build()));
	}

}
