package io.pgtrickle.flyway.docs;

// tag::migration[]
import java.time.Duration;

import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.flyway.CreateStreamTableMigration;

public class V2__create_order_totals extends CreateStreamTableMigration {

	@Override
	protected StreamTableDefinition definition() {
		return StreamTableDefinition.builder("public.order_totals", queryFile("order_totals", 1))
			.schedule(Schedule.every(Duration.ofSeconds(30)))
			.refreshMode(RefreshMode.DIFFERENTIAL)
			.build();
	}

}
// end::migration[]
