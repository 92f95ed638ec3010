package io.pgtrickle.flyway.docs;

// tag::migration[]
import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.flyway.AlterSourceTableMigration;
import io.pgtrickle.flyway.SourceTableChange;

public class V5__add_region_to_orders extends AlterSourceTableMigration {

	@Override
	protected SourceTableChange change() {
		return SourceTableChange.builder("public.orders")
			.statement("ALTER TABLE public.orders ADD COLUMN region text")
			.alter("public.order_totals", StreamTableAlteration.ofQuery(queryFile("order_totals", 3)))
			.build();
	}

}
// end::migration[]
