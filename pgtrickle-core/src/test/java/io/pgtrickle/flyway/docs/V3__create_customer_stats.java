package io.pgtrickle.flyway.docs;

// tag::migration[]
import java.time.Duration;

import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.flyway.CreateStreamTableMigration;

public class V3__create_customer_stats extends CreateStreamTableMigration {

	@Override
	protected StreamTableDefinition definition() {
		return StreamTableDefinition.builder("public.customer_stats", queryFile("customer_stats", 1))
			.schedule(Schedule.every(Duration.ofMinutes(5)))
			.initialize(false)
			.build();
	}

}
// end::migration[]
