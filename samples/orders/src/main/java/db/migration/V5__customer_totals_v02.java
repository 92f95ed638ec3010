package db.migration;

import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.flyway.AlterStreamTableMigration;

/**
 * Moves {@code customer_totals} to version 2 of its definition, which adds the time of the last
 * order. Returning to version 1 is a later migration that names version 1 again.
 */
public class V5__customer_totals_v02 extends AlterStreamTableMigration {

	@Override
	protected String streamTable() {
		return "public.customer_totals";
	}

	@Override
	protected StreamTableAlteration alteration() {
		return StreamTableAlteration.ofQuery(queryFile("customer_totals", 2));
	}

}
