package io.pgtrickle.flyway;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static io.pgtrickle.flyway.MigrationTestSupport.catalogRows;
import static io.pgtrickle.flyway.MigrationTestSupport.columns;
import static io.pgtrickle.flyway.MigrationTestSupport.flyway;
import static io.pgtrickle.flyway.MigrationTestSupport.tableExists;
import static io.pgtrickle.flyway.MigrationTestSupport.triggers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for the stream table migrations: create, alter, drop and create-or-replace,
 * on Flyway's connection and transaction.
 */
@PgTrickleTest
class StreamTableMigrationIntegrationTests {

	private static final String SALES_V1 = "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id";

	private static final String SALES_V2 = "SELECT customer_id, sum(amount) AS total, count(*) AS order_count "
			+ "FROM orders GROUP BY customer_id";

	private final PgTrickleDatabase database;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate pgTrickle;

	private String schema = "";

	StreamTableMigrationIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
		this.jdbc = new JdbcTemplate(database.dataSource());
		this.pgTrickle = new PgTrickleTemplate(database.dataSource());
	}

	@BeforeEach
	void newSchema() {
		this.schema = MigrationTestSupport.newSchema();
	}

	@Test
	void createMigrationCreatesAndFillsTheStreamTableInFlywaysSchema() {
		MigrateResult result = migrate(new V2__create_sales_by_customer());
		assertThat(result.migrationsExecuted).isEqualTo(2);
		StreamTableInfo info = info("sales_by_customer");
		assertThat(info.schedule()).isEqualTo(Schedule.parse("1h"));
		assertThat(info.refreshMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
		assertThat(info.populated()).isTrue();
		assertThat(rows("sales_by_customer", "customer_id, total"))
			.isEqualTo(rows("(" + SALES_V1 + ") q", "customer_id, total"));
	}

	@Test
	void descriptionAndVersionComeFromTheClassNameAndTheChecksumIsRecorded() {
		migrate(new V2__create_sales_by_customer());
		MigrationInfo applied = Arrays.stream(flywayOf(new V2__create_sales_by_customer()).info().applied())
			.filter((migration) -> "2".equals(String.valueOf(migration.getVersion())))
			.findFirst()
			.orElseThrow();
		assertThat(applied.getDescription()).isEqualTo("create sales by customer");
		assertThat(applied.getType().name()).isEqualTo("JDBC");
		assertThat(applied.getState()).isEqualTo(MigrationState.SUCCESS);
		assertThat(applied.getChecksum()).isEqualTo(new V2__create_sales_by_customer().getChecksum());
	}

	@Test
	void alterMigrationMovesTheStreamTableToANewDefinitionVersionAndSchedule() {
		migrate(new V2__create_sales_by_customer(), new V3__sales_by_customer_v2());
		StreamTableInfo info = info("sales_by_customer");
		assertThat(info.schedule()).isEqualTo(Schedule.parse("2h"));
		assertThat(info.refreshMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
		assertThat(columns(this.jdbc, this.schema, "sales_by_customer")).containsExactly("customer_id", "total",
				"order_count");
		assertThat(rows("sales_by_customer", "customer_id, total, order_count"))
			.isEqualTo(rows("(" + SALES_V2 + ") q", "customer_id, total, order_count"));
	}

	@Test
	void laterMigrationReturnsTheStreamTableToAnEarlierDefinitionVersion() {
		migrate(new V2__create_sales_by_customer(), new V3__sales_by_customer_v2(),
				new V4__sales_by_customer_back_to_v1());
		assertThat(columns(this.jdbc, this.schema, "sales_by_customer")).containsExactly("customer_id", "total");
		assertThat(info("sales_by_customer").schedule()).isEqualTo(Schedule.parse("2h"));
		assertThat(rows("sales_by_customer", "customer_id, total"))
			.isEqualTo(rows("(" + SALES_V1 + ") q", "customer_id, total"));
	}

	@Test
	void dropMigrationDropsTheStreamTableItsCatalogEntryAndItsTriggers() {
		migrate(new V2__create_sales_by_customer());
		assertThat(triggers(this.jdbc, this.schema, "orders")).isNotEmpty();
		migrate(new V2__create_sales_by_customer(), new V5__drop_sales_by_customer());
		assertThat(this.pgTrickle.exists(name("sales_by_customer"))).isFalse();
		assertThat(catalogRows(this.jdbc, this.schema, "sales_by_customer")).isZero();
		assertThat(tableExists(this.jdbc, this.schema, "sales_by_customer")).isFalse();
		assertThat(triggers(this.jdbc, this.schema, "orders")).isEmpty();
	}

	@Test
	void createOrReplaceInARepeatableMigrationCreatesThenReplacesWhenItsDefinitionChanges() {
		assertThat(migrate(new R__sales_by_customer()).migrationsExecuted).isEqualTo(2);
		long id = info("sales_by_customer").id();
		assertThat(columns(this.jdbc, this.schema, "sales_by_customer")).containsExactly("customer_id", "total");

		assertThat(migrate(new R__sales_by_customer()).migrationsExecuted).isZero();

		assertThat(migrate(new Edited.R__sales_by_customer()).migrationsExecuted).isEqualTo(1);
		StreamTableInfo replaced = info("sales_by_customer");
		assertThat(replaced.id()).isEqualTo(id);
		assertThat(columns(this.jdbc, this.schema, "sales_by_customer")).containsExactly("customer_id", "total",
				"order_count");
		assertThat(migrate(new Edited.R__sales_by_customer()).migrationsExecuted).isZero();
	}

	@Test
	void migratingTwiceIsANoOp() {
		migrate(new V2__create_sales_by_customer(), new V3__sales_by_customer_v2());
		StreamTableInfo before = info("sales_by_customer");
		MigrateResult again = migrate(new V2__create_sales_by_customer(), new V3__sales_by_customer_v2());
		assertThat(again.migrationsExecuted).isZero();
		StreamTableInfo after = info("sales_by_customer");
		assertThat(after.id()).isEqualTo(before.id());
		assertThat(after.relationId()).isEqualTo(before.relationId());
		assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
	}

	@Test
	void validateFailsAfterTheQueryOfAnAppliedMigrationIsEdited() {
		migrate(new V2__create_sales_by_customer());
		assertValidateFails(new EditedQuery.V2__create_sales_by_customer());
	}

	@Test
	void validateFailsAfterTheScheduleOfAnAppliedMigrationIsEdited() {
		migrate(new V2__create_sales_by_customer());
		assertValidateFails(new EditedSchedule.V2__create_sales_by_customer());
	}

	@Test
	void validateFailsAfterTheDefinitionFileOfAnAppliedMigrationIsEdited() {
		migrate(new V2__create_sales_by_customer());
		assertValidateFails(new EditedFile.V2__create_sales_by_customer());
	}

	@Test
	void validatePassesForTheSameDefinitionInAnotherClassOfTheSameName() {
		migrate(new V2__create_sales_by_customer(), new V3__sales_by_customer_v2());
		flywayOf(new Unchanged.V2__create_sales_by_customer(), new V3__sales_by_customer_v2()).validate();
	}

	@Test
	void failingMigrationLeavesNoStreamTableCatalogRowTriggersOrChangeBuffer() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> migrate(new V2__create_failing_sales()))
			.withStackTraceContaining("division by zero");
		assertNothingLeftOf("failing_sales");
		assertThat(appliedVersions()).containsExactly("1");
	}

	@Test
	void failingMigrationInAGroupRollsBackTheStreamTablesEarlierMigrationsCreated() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> flywayWith(new V2__create_sales_by_customer(), new V3__create_broken_sales()).group(true)
				.load()
				.migrate());
		assertNothingLeftOf("sales_by_customer");
		assertNothingLeftOf("broken_sales");
		assertThat(tableExists(this.jdbc, this.schema, "orders")).isFalse();
	}

	@Test
	void missingDefinitionFileFailsNamingTheMigrationAndTheFile() {
		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> migrate(new V2__create_from_missing_file()))
			.withStackTraceContaining("Migration V2__create_from_missing_file: definition file "
					+ "db/stream-tables/no_such_definition_v07.sql was not found on the classpath");
		assertThat(tableExists(this.jdbc, this.schema, "orders")).isFalse();
	}

	@Test
	void invalidQueryFailsNamingTheMigrationTheFileTheStreamTableAndTheDatabaseMessage() {
		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> migrate(new V2__create_broken_sales()))
			.withMessageContaining("Message    : Migration V2__create_broken_sales could not create stream table "
					+ "broken_sales (query from db/stream-tables/broken_sales_v01.sql): column \"no_such_column\" does "
					+ "not exist (SQLSTATE 42703)")
			.satisfies((ex) -> assertThat(migrationFailure(ex).getMessage())
				.startsWith("Migration V2__create_broken_sales could not create stream table broken_sales (query from "
						+ "db/stream-tables/broken_sales_v01.sql): ")
				.contains("column \"no_such_column\" does not exist"));
		assertNothingLeftOf("broken_sales");
	}

	@Test
	void alterOfAnUnknownStreamTableFailsNamingTheMigrationTheStreamTableAndTheDatabaseMessage() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> migrate(new V2__create_sales_by_customer(), new V3__alter_unknown_stream_table()))
			.satisfies((ex) -> assertThat(migrationFailure(ex).getMessage())
				.startsWith("Migration V3__alter_unknown_stream_table could not alter stream table no_such_stream_table: ")
				.contains("stream table not found: " + this.schema + ".no_such_stream_table"));
		assertThat(appliedVersions()).containsExactly("1", "2");
	}

	@Test
	void dropOfAnUnknownStreamTableFailsNamingTheMigrationAndTheStreamTable() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> migrate(new V3__drop_unknown_stream_table()))
			.satisfies((ex) -> assertThat(migrationFailure(ex).getMessage())
				.startsWith("Migration V3__drop_unknown_stream_table could not drop stream table no_such_stream_table: ")
				.contains("stream table not found: " + this.schema + ".no_such_stream_table"));
	}

	private void assertValidateFails(V2__create_sales_by_customer edited) {
		Flyway flyway = flywayOf(edited);
		assertThatExceptionOfType(FlywayException.class).isThrownBy(flyway::validate)
			.withMessageContaining("checksum mismatch for migration version 2");
		assertThat(flyway.validateWithResult().validationSuccessful).isFalse();
	}

	private void assertNothingLeftOf(String name) {
		assertThat(this.pgTrickle.exists(name(name))).isFalse();
		assertThat(catalogRows(this.jdbc, this.schema, name)).isZero();
		assertThat(tableExists(this.jdbc, this.schema, name)).isFalse();
		if (tableExists(this.jdbc, this.schema, "orders")) {
			assertThat(triggers(this.jdbc, this.schema, "orders")).isEmpty();
			Long changeBuffers = this.jdbc.queryForObject("SELECT count(*) FROM pg_class c JOIN pg_namespace n "
					+ "ON n.oid = c.relnamespace WHERE n.nspname = 'pgtrickle_changes' AND c.relname LIKE '%' || "
					+ "to_regclass(format('%I.orders', ?::text))::oid::text", Long.class, this.schema);
			assertThat(changeBuffers).isZero();
		}
	}

	static StreamTableMigrationException migrationFailure(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof StreamTableMigrationException failure) {
				return failure;
			}
		}
		throw new AssertionError("No StreamTableMigrationException among the causes of " + ex, ex);
	}

	private List<String> appliedVersions() {
		return Arrays.stream(flywayOf().info().applied())
			.filter((migration) -> migration.getVersion() != null)
			.map((migration) -> migration.getVersion().toString())
			.toList();
	}

	private MigrateResult migrate(JavaMigration... migrations) {
		return flywayWith(migrations).load().migrate();
	}

	private Flyway flywayOf(JavaMigration... migrations) {
		return flywayWith(migrations).load();
	}

	private FluentConfiguration flywayWith(JavaMigration... migrations) {
		return flyway(this.database, this.schema, migrations);
	}

	private StreamTableName name(String table) {
		return StreamTableName.of(this.schema, table);
	}

	private StreamTableInfo info(String table) {
		return this.pgTrickle.findInfo(name(table)).orElseThrow();
	}

	/**
	 * Return the rows of a relation or query in the test's schema, ordered by the first column.
	 */
	private List<Map<String, Object>> rows(String relation, String columns) {
		String sql = "SELECT " + columns + " FROM " + relation + " ORDER BY 1";
		return this.jdbc.execute((ConnectionCallback<List<Map<String, Object>>>) (connection) -> {
			JdbcTemplate session = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			session.queryForObject("SELECT set_config('search_path', ?, false)", String.class, this.schema);
			return session.queryForList(sql);
		});
	}

	public static class V2__create_sales_by_customer extends CreateStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("sales_by_customer", queryFile("sales_by_customer", 1))
				.schedule(Schedule.parse("1h"))
				.refreshMode(RefreshMode.DIFFERENTIAL)
				.build();
		}

	}

	public static class V3__sales_by_customer_v2 extends AlterStreamTableMigration {

		@Override
		protected String streamTable() {
			return "sales_by_customer";
		}

		@Override
		protected StreamTableAlteration alteration() {
			return StreamTableAlteration.builder()
				.query(queryFile("sales_by_customer", 2))
				.schedule(Schedule.parse("2h"))
				.build();
		}

	}

	public static class V4__sales_by_customer_back_to_v1 extends AlterStreamTableMigration {

		@Override
		protected String streamTable() {
			return "sales_by_customer";
		}

		@Override
		protected StreamTableAlteration alteration() {
			return StreamTableAlteration.ofQuery(queryFile("sales_by_customer", 1));
		}

	}

	public static class V5__drop_sales_by_customer extends DropStreamTableMigration {

		@Override
		protected String streamTable() {
			return "sales_by_customer";
		}

	}

	public static class R__sales_by_customer extends CreateOrReplaceStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("sales_by_customer", queryFile("sales_by_customer", 1))
				.schedule(Schedule.parse("1h"))
				.build();
		}

	}

	public static class V2__create_failing_sales extends CreateStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition
				.builder("failing_sales",
						"SELECT customer_id, sum(amount) / (count(*) - count(*)) AS boom FROM orders GROUP BY customer_id")
				.schedule(Schedule.parse("1h"))
				.refreshMode(RefreshMode.FULL)
				.build();
		}

	}

	public static class V2__create_broken_sales extends CreateStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("broken_sales", queryFile("broken_sales", 1))
				.schedule(Schedule.parse("1h"))
				.build();
		}

	}

	public static class V3__create_broken_sales extends CreateStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("broken_sales", queryFile("broken_sales", 1))
				.schedule(Schedule.parse("1h"))
				.build();
		}

	}

	public static class V2__create_from_missing_file extends CreateStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("missing", queryFile("no_such_definition", 7)).build();
		}

	}

	public static class V3__alter_unknown_stream_table extends AlterStreamTableMigration {

		@Override
		protected String streamTable() {
			return "no_such_stream_table";
		}

		@Override
		protected StreamTableAlteration alteration() {
			return StreamTableAlteration.ofSchedule(Schedule.parse("1h"));
		}

	}

	public static class V3__drop_unknown_stream_table extends DropStreamTableMigration {

		@Override
		protected String streamTable() {
			return "no_such_stream_table";
		}

	}

	static class Edited {

		public static class R__sales_by_customer extends CreateOrReplaceStreamTableMigration {

			@Override
			protected StreamTableDefinition definition() {
				return StreamTableDefinition.builder("sales_by_customer", queryFile("sales_by_customer", 2))
					.schedule(Schedule.parse("1h"))
					.build();
			}

		}

	}

	static class Unchanged {

		public static class V2__create_sales_by_customer
				extends StreamTableMigrationIntegrationTests.V2__create_sales_by_customer {

		}

	}

	static class EditedQuery {

		public static class V2__create_sales_by_customer
				extends StreamTableMigrationIntegrationTests.V2__create_sales_by_customer {

			@Override
			protected StreamTableDefinition definition() {
				return super.definition().toBuilder().query(SALES_V1.replace("GROUP BY", "WHERE amount > 0 GROUP BY")).build();
			}

		}

	}

	static class EditedSchedule {

		public static class V2__create_sales_by_customer
				extends StreamTableMigrationIntegrationTests.V2__create_sales_by_customer {

			@Override
			protected StreamTableDefinition definition() {
				return super.definition().toBuilder().schedule(Schedule.parse("2h")).build();
			}

		}

	}

	static class EditedFile {

		public static class V2__create_sales_by_customer
				extends StreamTableMigrationIntegrationTests.V2__create_sales_by_customer {

			@Override
			protected String definitionLocation() {
				return "db/stream-tables-edited";
			}

		}

	}

}
