package db.migration;

import java.time.Duration;

import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.flyway.CreateStreamTableMigration;

/**
 * Order count and total per customer, refreshed every 30 seconds.
 */
public class V2__create_customer_totals extends CreateStreamTableMigration {

	@Override
	protected StreamTableDefinition definition() {
		return StreamTableDefinition.builder("public.customer_totals", queryFile("customer_totals", 1))
			.schedule(Schedule.every(Duration.ofSeconds(30)))
			.refreshMode(RefreshMode.DIFFERENTIAL)
			.build();
	}

}
