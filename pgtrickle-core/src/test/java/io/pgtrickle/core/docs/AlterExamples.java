package io.pgtrickle.core.docs;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.RefreshTier;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableName;

/**
 * Snippets of "Change, pause and drop a stream table".
 */
public class AlterExamples {

	private static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	private final PgTrickleOperations pgTrickle;

	public AlterExamples(PgTrickleOperations pgTrickle) {
		this.pgTrickle = pgTrickle;
	}

	public void slowDown() {
		this.pgTrickle.alter(ORDER_TOTALS, StreamTableAlteration.ofSchedule(Schedule.parse("15m")));
		this.pgTrickle.alter(ORDER_TOTALS,
				StreamTableAlteration.builder().refreshMode(RefreshMode.FULL).tier(RefreshTier.WARM).build());
	}

	public void pause() {
		this.pgTrickle.suspend(ORDER_TOTALS);
		// ... maintenance ...
		this.pgTrickle.resume(ORDER_TOTALS);
	}

	public void remove() {
		this.pgTrickle.dropIfExists(ORDER_TOTALS, true);
	}

}
