package io.pgtrickle.flyway;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.flyway.docs.PlainFlyway;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static io.pgtrickle.flyway.MigrationTestSupport.columns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the plain SQL migrations of {@code docs/flyway.md} ({@code db/pgtrickle-docs/sql}) with
 * the guide's Flyway set-up.
 */
@PgTrickleTest
class SqlMigrationGuideIntegrationTests {

	private static final String LOCATION = "classpath:db/pgtrickle-docs/sql";

	@Test
	void guideSqlMigrationsRunAndMigratingAgainChangesNothing(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		PgTrickleTemplate pgTrickle = new PgTrickleTemplate(database.dataSource());
		PlainFlyway.migrate(database.dataSource(), LOCATION);
		StreamTableInfo orderTotals = pgTrickle.findInfo(StreamTableName.of("public.order_totals")).orElseThrow();
		assertThat(orderTotals.schedule()).isEqualTo(Schedule.parse("30s"));
		assertThat(orderTotals.refreshMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
		assertThat(columns(jdbc, "public", "order_totals")).containsExactlyInAnyOrder("customer_id", "region", "total",
				"order_count");
		assertThat(pgTrickle.exists(StreamTableName.of("public.customer_stats"))).isFalse();
		StreamTableInfo largestOrders = pgTrickle.findInfo(StreamTableName.of("public.largest_orders")).orElseThrow();
		assertThat(largestOrders.schedule()).isEqualTo(Schedule.parse("1m"));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM public.flyway_schema_history WHERE success", Long.class))
			.isEqualTo(7L);

		PlainFlyway.migrate(database.dataSource(), LOCATION);
		assertThat(pgTrickle.findInfo(StreamTableName.of("public.order_totals")).orElseThrow().updatedAt())
			.isEqualTo(orderTotals.updatedAt());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM public.flyway_schema_history", Long.class)).isEqualTo(7L);
	}

}
