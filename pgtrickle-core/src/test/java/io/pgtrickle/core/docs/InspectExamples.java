package io.pgtrickle.core.docs;

import java.time.Duration;
import java.util.List;

import io.pgtrickle.core.HealthCheck;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.StatusSnapshot;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableState;
import io.pgtrickle.core.StreamTableStatus;

/**
 * Snippets of "Inspect stream tables".
 */
public class InspectExamples {

	private static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	private final PgTrickleOperations pgTrickle;

	public InspectExamples(PgTrickleOperations pgTrickle) {
		this.pgTrickle = pgTrickle;
	}

	public String describe() {
		return this.pgTrickle.findInfo(ORDER_TOTALS)
			.map((info) -> info.name() + " is " + info.status() + ", refreshed at " + info.lastRefreshAt())
			.orElse("no such stream table");
	}

	public List<StreamTableName> laggingStreamTables() {
		StatusSnapshot snapshot = this.pgTrickle.statusSnapshot();
		return snapshot.streamTables()
			.stream()
			.filter((state) -> state.status() != StreamTableStatus.ACTIVE || isOlderThan(state, Duration.ofMinutes(10)))
			.map(StreamTableState::name)
			.toList();
	}

	private static boolean isOlderThan(StreamTableState state, Duration limit) {
		return state.staleness() == null || state.staleness().compareTo(limit) > 0;
	}

	public List<HealthCheck> problems() {
		return this.pgTrickle.healthChecks()
			.stream()
			.filter((check) -> check.severity() != HealthCheck.Severity.OK)
			.toList();
	}

	public List<StreamTableInfo> all() {
		return this.pgTrickle.findAll();
	}

}
