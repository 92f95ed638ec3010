package io.pgtrickle.flyway.boot.migration;

import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.flyway.CreateStreamTableMigration;

/**
 * A migration Flyway finds by scanning its locations.
 */
public class V2__create_sales_by_customer extends CreateStreamTableMigration {

	@Override
	protected StreamTableDefinition definition() {
		return StreamTableDefinition.builder("sales_by_customer", queryFile("sales_by_customer", 1))
			.schedule(Schedule.parse("1h"))
			.refreshMode(RefreshMode.DIFFERENTIAL)
			.build();
	}

}
