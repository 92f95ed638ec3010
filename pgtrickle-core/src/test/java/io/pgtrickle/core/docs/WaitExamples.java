package io.pgtrickle.core.docs;

import java.time.Duration;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;

/**
 * Snippets of "Wait for a stream table".
 */
public class WaitExamples {

	private static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	private final PgTrickleOperations pgTrickle;

	public WaitExamples(PgTrickleOperations pgTrickle) {
		this.pgTrickle = pgTrickle;
	}

	public StreamTableInfo waitUntilReady() {
		this.pgTrickle.awaitPopulated(ORDER_TOTALS, Duration.ofMinutes(2));
		return this.pgTrickle.awaitFresh(ORDER_TOTALS, Duration.ofSeconds(30), Duration.ofMinutes(1));
	}

}
