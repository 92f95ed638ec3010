package io.pgtrickle.flyway.docs;

// tag::migration[]
import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.flyway.AlterStreamTableMigration;

public class V4__order_totals_v2 extends AlterStreamTableMigration {

	@Override
	protected String streamTable() {
		return "public.order_totals";
	}

	@Override
	protected StreamTableAlteration alteration() {
		return StreamTableAlteration.ofQuery(queryFile("order_totals", 2));
	}

}
// end::migration[]
