package db.migration;

import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.flyway.CreateStreamTableMigration;

/**
 * Revenue per day, refreshed at the start of every minute by a cron schedule.
 */
public class V3__create_daily_revenue extends CreateStreamTableMigration {

	@Override
	protected StreamTableDefinition definition() {
		return StreamTableDefinition.builder("public.daily_revenue", queryFile("daily_revenue", 1))
			.schedule(Schedule.cron("* * * * *"))
			.build();
	}

}
