package io.pgtrickle.flyway;

import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static io.pgtrickle.flyway.MigrationTestSupport.columns;
import static io.pgtrickle.flyway.MigrationTestSupport.flyway;
import static io.pgtrickle.flyway.StreamTableMigrationIntegrationTests.migrationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link AlterSourceTableMigration}: changes to a source table while
 * {@code pg_trickle.block_source_ddl} is on.
 */
@PgTrickleTest
class AlterSourceTableMigrationIntegrationTests {

	private static final String BLOCKED = "pg_trickle: ALTER TABLE on ";

	private final PgTrickleDatabase database;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate pgTrickle;

	private String schema = "";

	AlterSourceTableMigrationIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
		this.jdbc = new JdbcTemplate(database.dataSource());
		this.pgTrickle = new PgTrickleTemplate(database.dataSource());
	}

	@BeforeEach
	void newSchema() {
		this.schema = MigrationTestSupport.newSchema();
	}

	@Test
	void columnAffectingDdlOnASourceIsBlockedWithoutTheHelper() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> migrate(new V2__create_sales_by_customer(), new V3__add_region_plainly()))
			.withStackTraceContaining(BLOCKED);
		assertThat(columns(this.jdbc, this.schema, "orders")).doesNotContain("region");
	}

	@Test
	void addsAColumnAndMovesTheStreamTableToAQueryThatReadsIt() {
		migrate(new V2__create_sales_by_customer(), new V3__add_region_to_orders());
		assertThat(columns(this.jdbc, this.schema, "orders")).contains("region");
		assertThat(columns(this.jdbc, this.schema, "sales_by_customer")).containsExactlyInAnyOrder("customer_id",
				"region", "total");
		StreamTableInfo info = info();
		assertThat(info.populated()).isTrue();
		assertThat(info.needsReinitialization()).isFalse();
	}

	@Test
	void turnsTheGuardBackOnRightAfterTheStatements() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> flywayWith(new V2__create_sales_by_customer(), new V3__add_region_to_orders(),
					new V4__add_channel_plainly())
				.group(true)
				.load()
				.migrate())
			.withStackTraceContaining(BLOCKED);
		assertThat(MigrationTestSupport.tableExists(this.jdbc, this.schema, "orders")).isFalse();
	}

	@Test
	void reappliesTheQueryOfStreamTablesTheChangeLeftNeedingReinitialization() {
		migrate(new V2__create_sales_by_customer(), new V3__widen_amount());
		assertThat(this.jdbc.queryForObject("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
				+ "WHERE attrelid = to_regclass(?) AND attname = 'amount'", String.class, this.schema + ".orders"))
			.isEqualTo("numeric(12,2)");
		StreamTableInfo info = info();
		assertThat(info.needsReinitialization()).isFalse();
		assertThat(info.populated()).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT sum(total) FROM " + this.schema + ".sales_by_customer",
				java.math.BigDecimal.class)).isEqualByComparingTo("22.75");
	}

	@Test
	void failsAndChangesNothingWhenAStreamTableNoLongerFitsItsSource() {
		migrate(new V2__create_sales_by_customer());
		StreamTableInfo before = info();
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> migrate(new V2__create_sales_by_customer(), new V3__drop_amount()))
			.satisfies((ex) -> assertThat(migrationFailure(ex).getMessage())
				.startsWith("Migration V3__drop_amount could not alter source table orders: stream table " + this.schema
						+ ".sales_by_customer reads orders and its query no longer works after the change; give it "
						+ "a new query")
				.contains("column \"amount\" does not exist"));
		assertThat(columns(this.jdbc, this.schema, "orders")).containsExactly("id", "customer_id", "amount");
		StreamTableInfo after = info();
		assertThat(after.relationId()).isEqualTo(before.relationId());
		assertThat(after.needsReinitialization()).isFalse();
	}

	@Test
	void failingAlterationRollsBackTheChangeOfTheSource() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> migrate(new V2__create_sales_by_customer(), new V3__add_region_with_broken_query()))
			.satisfies((ex) -> assertThat(migrationFailure(ex).getMessage())
				.startsWith("Migration V3__add_region_with_broken_query could not alter source table orders (query "
						+ "from db/stream-tables/broken_sales_v01.sql): alteration of stream table " + this.schema
						+ ".sales_by_customer failed: ")
				.contains("column \"no_such_column\" does not exist"));
		assertThat(columns(this.jdbc, this.schema, "orders")).containsExactly("id", "customer_id", "amount");
		assertThat(columns(this.jdbc, this.schema, "sales_by_customer")).containsExactly("customer_id", "total");
	}

	@Test
	void failsEarlyNamingTheMissingPrivilegeWhenTheRoleMayNotTurnTheGuardOff() {
		migrate(new V2__create_sales_by_customer());
		String role = createRole();
		try {
			this.jdbc.execute("ALTER TABLE " + this.schema + ".orders OWNER TO " + role);
			this.jdbc.execute("ALTER TABLE " + this.schema + ".sales_by_customer OWNER TO " + role);
			assertThatExceptionOfType(FlywayException.class)
				.isThrownBy(() -> flywayWith(new V2__create_sales_by_customer(), new V3__add_region_to_orders())
					.initSql("SET ROLE " + role)
					.load()
					.migrate())
				.satisfies((ex) -> assertThat(migrationFailure(ex).getMessage())
					.isEqualTo("Migration V3__add_region_to_orders could not alter source table orders (query from "
							+ "db/stream-tables/sales_by_customer_v03.sql): role " + role
							+ " lacks superuser status or the SET privilege on parameter pg_trickle.block_source_ddl "
							+ "(GRANT SET ON PARAMETER pg_trickle.block_source_ddl TO " + role + "), to turn off "
							+ "pg_trickle's guard against DDL on sources of stream tables. Nothing was changed"));
			assertThat(columns(this.jdbc, this.schema, "orders")).doesNotContain("region");
		}
		finally {
			dropRole(role);
		}
	}

	@Test
	void failsEarlyNamingEveryMissingOwnership() {
		migrate(new V2__create_sales_by_customer());
		String role = createRole();
		try {
			String owner = this.jdbc.queryForObject("SELECT current_user::text", String.class);
			assertThatExceptionOfType(FlywayException.class)
				.isThrownBy(() -> flywayWith(new V2__create_sales_by_customer(), new V3__add_region_to_orders())
					.initSql("SET ROLE " + role)
					.load()
					.migrate())
				.satisfies((ex) -> assertThat(migrationFailure(ex).getMessage()).contains(
						"role " + role + " lacks ownership of source table orders (owned by " + owner + "), to alter it",
						"the SET privilege on parameter pg_trickle.block_source_ddl",
						"ownership of stream table " + this.schema + ".sales_by_customer (owned by " + owner
								+ "), to alter it after the change"));
		}
		finally {
			dropRole(role);
		}
	}

	@Test
	void unknownSourceTableFailsNamingIt() {
		assertThatExceptionOfType(FlywayException.class)
			.isThrownBy(() -> migrate(new V3__alter_missing_source()))
			.satisfies((ex) -> assertThat(migrationFailure(ex).getMessage())
				.isEqualTo("Migration V3__alter_missing_source could not alter source table no_such_table: source table "
						+ "no_such_table does not exist (as seen with Flyway's search_path); qualify its name with its "
						+ "schema"));
	}

	/**
	 * Create a role without privileges that may use the test's schema, its Flyway history and
	 * pg_trickle's catalog.
	 */
	private String createRole() {
		String role = "flyway_migrator_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.jdbc.execute("CREATE ROLE " + role + " NOLOGIN");
		this.jdbc.execute("GRANT USAGE, CREATE ON SCHEMA " + this.schema + " TO " + role);
		this.jdbc.execute("GRANT ALL ON " + this.schema + ".flyway_schema_history TO " + role);
		this.jdbc.execute("GRANT USAGE ON SCHEMA pgtrickle TO " + role);
		this.jdbc.execute("GRANT SELECT ON ALL TABLES IN SCHEMA pgtrickle TO " + role);
		return role;
	}

	private void dropRole(String role) {
		this.jdbc.execute("REASSIGN OWNED BY " + role + " TO current_user");
		this.jdbc.execute("DROP OWNED BY " + role);
		this.jdbc.execute("DROP ROLE " + role);
	}

	private StreamTableInfo info() {
		return this.pgTrickle.findInfo(StreamTableName.of(this.schema, "sales_by_customer")).orElseThrow();
	}

	private void migrate(JavaMigration... migrations) {
		flywayWith(migrations).load().migrate();
	}

	private FluentConfiguration flywayWith(JavaMigration... migrations) {
		return flyway(this.database, this.schema, migrations);
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

	public static class V3__add_region_to_orders extends AlterSourceTableMigration {

		@Override
		protected SourceTableChange change() {
			return SourceTableChange.builder("orders")
				.statement("ALTER TABLE orders ADD COLUMN region text")
				.alter("sales_by_customer", StreamTableAlteration.ofQuery(queryFile("sales_by_customer", 3)))
				.build();
		}

	}

	public static class V3__add_region_with_broken_query extends AlterSourceTableMigration {

		@Override
		protected SourceTableChange change() {
			return SourceTableChange.builder("orders")
				.statement("ALTER TABLE orders ADD COLUMN region text")
				.alter("sales_by_customer", StreamTableAlteration.ofQuery(queryFile("broken_sales", 1)))
				.build();
		}

	}

	public static class V3__widen_amount extends AlterSourceTableMigration {

		@Override
		protected SourceTableChange change() {
			return SourceTableChange.builder("orders")
				.statement("ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12, 2)")
				.build();
		}

	}

	public static class V3__drop_amount extends AlterSourceTableMigration {

		@Override
		protected SourceTableChange change() {
			return SourceTableChange.builder("orders").statement("ALTER TABLE orders DROP COLUMN amount").build();
		}

	}

	public static class V3__alter_missing_source extends AlterSourceTableMigration {

		@Override
		protected SourceTableChange change() {
			return SourceTableChange.builder("no_such_table")
				.statement("ALTER TABLE no_such_table ADD COLUMN x int")
				.build();
		}

	}

	/**
	 * Alters a source table with plain SQL, as a SQL migration would.
	 */
	abstract static class PlainDdlMigration extends BaseJavaMigration {

		private final List<String> statements;

		PlainDdlMigration(String... statements) {
			this.statements = List.of(statements);
		}

		@Override
		public void migrate(Context context) throws Exception {
			try (Statement statement = context.getConnection().createStatement()) {
				for (String sql : this.statements) {
					statement.execute(sql);
				}
			}
		}

	}

	public static class V3__add_region_plainly extends PlainDdlMigration {

		public V3__add_region_plainly() {
			super("ALTER TABLE orders ADD COLUMN region text");
		}

	}

	public static class V4__add_channel_plainly extends PlainDdlMigration {

		public V4__add_channel_plainly() {
			super("ALTER TABLE orders ADD COLUMN channel text");
		}

	}

}
