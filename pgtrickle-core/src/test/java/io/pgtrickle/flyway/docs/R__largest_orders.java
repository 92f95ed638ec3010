package io.pgtrickle.flyway.docs;

// tag::migration[]
import java.time.Duration;

import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.flyway.CreateOrReplaceStreamTableMigration;

public class R__largest_orders extends CreateOrReplaceStreamTableMigration {

	@Override
	protected StreamTableDefinition definition() {
		return StreamTableDefinition.builder("public.largest_orders", queryFile("largest_orders", 1))
			.schedule(Schedule.every(Duration.ofMinutes(1)))
			.build();
	}

}
// end::migration[]
