package db.migration;

import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.flyway.CreateStreamTableMigration;

/**
 * Customers with a total of at least 100, built on the {@code customer_totals} stream table and
 * refreshed whenever it changes.
 */
public class V4__create_top_customers extends CreateStreamTableMigration {

	@Override
	protected StreamTableDefinition definition() {
		return StreamTableDefinition.builder("public.top_customers", queryFile("top_customers", 1))
			.schedule(Schedule.calculated())
			.build();
	}

}
