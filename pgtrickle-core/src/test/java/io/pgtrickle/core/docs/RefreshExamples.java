package io.pgtrickle.core.docs;

import java.time.Duration;
import java.util.List;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.StreamTableName;

/**
 * Snippets of "Refresh only when stale" and "Refresh several stream tables".
 */
public class RefreshExamples {

	private static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	private static final StreamTableName BIG_CUSTOMERS = StreamTableName.of("public.big_customers");

	private final PgTrickleOperations pgTrickle;

	public RefreshExamples(PgTrickleOperations pgTrickle) {
		this.pgTrickle = pgTrickle;
	}

	public boolean refreshIfSkipped() {
		RefreshResult result = this.pgTrickle.refresh(ORDER_TOTALS);
		if (result.isSkipped()) {
			// another session is refreshing it right now; try again on the next run
			return false;
		}
		return true;
	}

	public RefreshResult refreshReport() {
		return this.pgTrickle.refreshIfStale(ORDER_TOTALS, Duration.ofMinutes(5));
	}

	public List<RefreshResult> refreshChain() {
		return this.pgTrickle.refreshAll(List.of(BIG_CUSTOMERS, ORDER_TOTALS));
	}

}
