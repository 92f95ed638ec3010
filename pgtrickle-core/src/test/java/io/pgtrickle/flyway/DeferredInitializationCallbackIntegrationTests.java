package io.pgtrickle.flyway;

import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableStatus;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static io.pgtrickle.flyway.MigrationTestSupport.flyway;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link DeferredInitializationCallback}.
 */
@PgTrickleTest
class DeferredInitializationCallbackIntegrationTests {

	private final PgTrickleDatabase database;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate pgTrickle;

	private String schema = "";

	DeferredInitializationCallbackIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
		this.jdbc = new JdbcTemplate(database.dataSource());
		this.pgTrickle = new PgTrickleTemplate(database.dataSource());
	}

	@BeforeEach
	void newSchema() {
		this.schema = MigrationTestSupport.newSchema();
	}

	@Test
	void fillsAStreamTableCreatedWithoutInitializationOnceTheMigrationHasCommitted() {
		StateInMigration state = new StateInMigration("sales_by_customer");
		flyway(this.database, this.schema, new V2__create_sales_by_customer_later())
			.callbacks(state, new DeferredInitializationCallback())
			.load()
			.migrate();
		assertThat(state.seen).containsExactly("absent", "INITIALIZING, populated=false");
		StreamTableInfo info = info("sales_by_customer");
		assertThat(info.populated()).isTrue();
		assertThat(info.status()).isEqualTo(StreamTableStatus.ACTIVE);
		assertThat(this.jdbc.queryForList("SELECT customer_id, total FROM " + this.schema
				+ ".sales_by_customer ORDER BY 1"))
			.isEqualTo(this.jdbc.queryForList("SELECT customer_id, sum(amount) AS total FROM " + this.schema
					+ ".orders GROUP BY customer_id ORDER BY 1"));
	}

	@Test
	void leavesStreamTablesThatWereFilledByTheirMigrationAlone() {
		flyway(this.database, this.schema, new StreamTableMigrationIntegrationTests.V2__create_sales_by_customer())
			.callbacks(new DeferredInitializationCallback())
			.load()
			.migrate();
		assertThat(this.pgTrickle.history(StreamTableName.of(this.schema, "sales_by_customer"), 10)).hasSize(1);
		assertThat(info("sales_by_customer").populated()).isTrue();
	}

	private StreamTableInfo info(String table) {
		return this.pgTrickle.findInfo(StreamTableName.of(this.schema, table)).orElseThrow();
	}

	public static class V2__create_sales_by_customer_later extends CreateStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("sales_by_customer", queryFile("sales_by_customer", 1))
				.schedule(Schedule.parse("1h"))
				.initialize(false)
				.build();
		}

	}

	/**
	 * Records the state of a stream table at the end of each migration, inside the migration's
	 * transaction, where pg_trickle's scheduler cannot see it yet.
	 */
	static final class StateInMigration implements Callback {

		private final String table;

		private final List<String> seen = new ArrayList<>();

		StateInMigration(String table) {
			this.table = table;
		}

		@Override
		public boolean supports(Event event, Context context) {
			return event == Event.AFTER_EACH_MIGRATE;
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true;
		}

		@Override
		public void handle(Event event, Context context) {
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
			List<String> states = jdbc.queryForList("SELECT status || ', populated=' || is_populated FROM "
					+ "pgtrickle.pgt_stream_tables WHERE pgt_schema = current_schema() AND pgt_name = ?", String.class,
					this.table);
			this.seen.add(states.isEmpty() ? "absent" : states.get(0));
		}

		@Override
		public String getCallbackName() {
			return "state-in-migration";
		}

	}

}
