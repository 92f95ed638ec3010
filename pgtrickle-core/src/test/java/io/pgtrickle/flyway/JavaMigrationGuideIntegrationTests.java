package io.pgtrickle.flyway;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableStatus;
import io.pgtrickle.flyway.docs.StreamTableMigrationConfiguration;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static io.pgtrickle.flyway.MigrationTestSupport.columns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Java migrations of {@code docs/flyway.md} (package {@code io.pgtrickle.flyway.docs})
 * with Spring Boot, as the guide describes.
 */
@PgTrickleTest
class JavaMigrationGuideIntegrationTests {

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate pgTrickle;

	private final ApplicationContextRunner contextRunner;

	JavaMigrationGuideIntegrationTests(PgTrickleDatabase database) {
		this.jdbc = new JdbcTemplate(database.dataSource());
		this.pgTrickle = new PgTrickleTemplate(database.dataSource());
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withUserConfiguration(StreamTableMigrationConfiguration.class)
			.withBean(DataSource.class, database::dataSource)
			.withPropertyValues("spring.flyway.locations=classpath:io/pgtrickle/flyway/docs");
	}

	@Test
	void guideMigrationsRunInOrder() {
		this.contextRunner.withPropertyValues("spring.flyway.target=1")
			.run((context) -> assertThat(context).hasNotFailed());
		this.jdbc.update("INSERT INTO public.orders (id, customer_id, amount) VALUES (1, 1, 120.00), (2, 1, 30.00), "
				+ "(3, 2, 15.00)");

		this.contextRunner.withPropertyValues("spring.flyway.target=6")
			.run((context) -> assertThat(context).hasNotFailed());
		StreamTableInfo orderTotals = info("order_totals");
		assertThat(orderTotals.schedule()).isEqualTo(Schedule.parse("30s"));
		assertThat(orderTotals.refreshMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
		assertThat(columns(this.jdbc, "public", "order_totals")).containsExactlyInAnyOrder("customer_id", "total",
				"order_count");
		assertThat(columns(this.jdbc, "public", "orders")).contains("region");
		StreamTableInfo customerStats = info("customer_stats");
		assertThat(customerStats.populated()).isTrue();
		assertThat(customerStats.status()).isEqualTo(StreamTableStatus.ACTIVE);
		assertThat(this.jdbc.queryForObject("SELECT orders FROM public.customer_stats WHERE customer_id = 1",
				Long.class)).isEqualTo(2L);

		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
		assertThat(this.pgTrickle.exists(StreamTableName.of("public.customer_stats"))).isFalse();
		assertThat(info("largest_orders").schedule()).isEqualTo(Schedule.parse("1m"));
		assertThat(this.jdbc.queryForList("SELECT script FROM public.flyway_schema_history WHERE success "
				+ "AND version IS NOT NULL ORDER BY installed_rank", String.class))
			.containsExactly("V1__create_orders.sql", "io.pgtrickle.flyway.docs.V2__create_order_totals",
					"io.pgtrickle.flyway.docs.V3__create_customer_stats", "io.pgtrickle.flyway.docs.V4__order_totals_v2",
					"io.pgtrickle.flyway.docs.V5__add_region_to_orders",
					"io.pgtrickle.flyway.docs.V6__order_totals_back_to_v2",
					"io.pgtrickle.flyway.docs.V7__drop_customer_stats");
		assertThat(this.jdbc.queryForList("SELECT script FROM public.flyway_schema_history WHERE success "
				+ "AND version IS NULL", String.class))
			.containsExactly("io.pgtrickle.flyway.docs.R__largest_orders");
	}

	private StreamTableInfo info(String table) {
		return this.pgTrickle.findInfo(StreamTableName.of("public", table)).orElseThrow();
	}

}
