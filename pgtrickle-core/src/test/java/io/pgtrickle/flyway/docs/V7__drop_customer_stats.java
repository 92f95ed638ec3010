package io.pgtrickle.flyway.docs;

// tag::migration[]
import io.pgtrickle.flyway.DropStreamTableMigration;

public class V7__drop_customer_stats extends DropStreamTableMigration {

	@Override
	protected String streamTable() {
		return "public.customer_stats";
	}

}
// end::migration[]
