package io.pgtrickle.autoconfigure.health;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.autoconfigure.testsupport.StatementCountingDataSource;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of {@link PgTrickleHealthIndicator} on a database with pg_trickle.
 */
@PgTrickleTest
class PgTrickleHealthIndicatorIntegrationTests {

	private static final int STREAM_TABLES = 25;

	@Test
	void aCheckOfManyStreamTablesIsOneRoundTrip(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		jdbc.execute("CREATE TABLE public.orders (id int PRIMARY KEY, customer int, amount int)");
		for (int i = 0; i < STREAM_TABLES; i++) {
			jdbc.queryForList("SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
					+ "refresh_mode => 'FULL', cdc_mode => 'trigger')", "public.totals_" + i,
					"SELECT customer, sum(amount) AS total FROM public.orders GROUP BY customer");
		}
		StatementCountingDataSource dataSource = new StatementCountingDataSource(database.dataSource());
		PgTrickleHealthIndicator indicator = new PgTrickleHealthIndicator(dataSource);
		indicator.setCacheTimeToLive(Duration.ZERO);
		indicator.setTimeout(Duration.ofSeconds(10));

		for (int i = 0; i < 5; i++) {
			dataSource.reset();
			Health health = indicator.health();
			assertThat(health.getDetails()).containsEntry("total", STREAM_TABLES)
				.containsKey("scheduler")
				.doesNotContainEntry("scheduler", "unknown");
			assertThat(dataSource.executed()).as("statements of check %d", i)
				.singleElement()
				.asString()
				.contains("pg_stat_stream_tables", "pg_stat_activity", "pg_is_in_recovery()");
		}
	}

}
