package io.pgtrickle.core;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Integration tests for the translation of pg_trickle's errors, through {@link PgTrickleTemplate}
 * and through a {@link JdbcTemplate} that uses {@link PgTrickleExceptionTranslator}.
 */
@PgTrickleTest
class PgTrickleTemplateErrorsIntegrationTests {

	private static final StreamTableName TOTALS = StreamTableName.of("public.totals");

	private static final String ROLE = "pgtrickle_core_tests_unprivileged";

	private final DataSource dataSource;

	private final PgTrickleTemplate template;

	private final JdbcTemplate jdbc;

	PgTrickleTemplateErrorsIntegrationTests(DataSource dataSource) {
		this.dataSource = dataSource;
		this.template = new PgTrickleTemplate(dataSource);
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setExceptionTranslator(new PgTrickleExceptionTranslator(this.jdbc.getExceptionTranslator()));
	}

	@BeforeAll
	static void createStreamTable(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
		jdbc.execute("INSERT INTO orders VALUES (1, 1, 10)");
		new PgTrickleTemplate(dataSource).create(StreamTableDefinition
			.builder(TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
	}

	@AfterAll
	static void dropRole(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		if (isSuperuser(jdbc)) {
			jdbc.execute("DROP ROLE IF EXISTS " + ROLE);
		}
	}

	@Test
	void insertIntoStreamTableThrowsStreamTableReadOnlyException() {
		assertThatExceptionOfType(StreamTableReadOnlyException.class)
			.isThrownBy(() -> this.jdbc.update("INSERT INTO public.totals (customer_id, total) VALUES (9, 9)"))
			.withMessageContaining("totals is read-only")
			.withMessageContaining("write to its source tables");
	}

	@Test
	void updateDeleteAndTruncateOfStreamTableThrowStreamTableReadOnlyException() {
		assertThatExceptionOfType(StreamTableReadOnlyException.class)
			.isThrownBy(() -> this.jdbc.update("UPDATE public.totals SET total = 0"));
		assertThatExceptionOfType(StreamTableReadOnlyException.class)
			.isThrownBy(() -> this.jdbc.update("DELETE FROM public.totals"));
		assertThatExceptionOfType(StreamTableReadOnlyException.class)
			.isThrownBy(() -> this.jdbc.execute("TRUNCATE public.totals"));
	}

	@Test
	void columnAffectingDdlOnSourceThrowsSourceDdlBlockedException() {
		assertThatExceptionOfType(SourceDdlBlockedException.class)
			.isThrownBy(() -> this.jdbc.execute("ALTER TABLE orders ADD COLUMN note text"))
			.withMessageContaining("orders")
			.withMessageContaining("block_source_ddl");
	}

	@Test
	void volatileFunctionInDifferentialQueryThrowsUnsupportedQueryException() {
		assertThatExceptionOfType(UnsupportedQueryException.class)
			.isThrownBy(() -> this.template.create(StreamTableDefinition
				.builder("public.random_ids", "SELECT id, random() AS r FROM orders")
				.refreshMode(RefreshMode.DIFFERENTIAL)
				.schedule(Schedule.parse("1h"))
				.build()))
			.withMessageContaining("public.random_ids")
			.satisfies((ex) -> assertThat(ex.getStreamTable()).isEqualTo(StreamTableName.of("public.random_ids")));
	}

	@Test
	void invalidSqlInQueryThrowsBadSqlGrammarNamingTheStreamTable() {
		assertThatExceptionOfType(BadSqlGrammarException.class)
			.isThrownBy(() -> this.template.create(StreamTableDefinition
				.builder("public.bad", "SELECT nope FROM no_such_table")
				.schedule(Schedule.parse("1h"))
				.build()))
			.withMessageContaining("public.bad");
	}

	@Test
	void optionRejectedByTheServerThrowsInvalidStreamTableArgumentException() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class)
			.isThrownBy(() -> this.template.create(StreamTableDefinition
				.builder("public.partitioned", "SELECT id FROM orders")
				.partitionBy("no_such_column")
				.schedule(Schedule.parse("1h"))
				.build()))
			.withMessageContaining("public.partitioned")
			.withMessageContaining("no_such_column");
	}

	@Test
	void missingPrivilegesThrowStreamTablePermissionException() {
		assumeThat(isSuperuser(this.jdbc)).as("creating a role needs a superuser").isTrue();
		this.jdbc.execute("DROP ROLE IF EXISTS " + ROLE);
		this.jdbc.execute("CREATE ROLE " + ROLE);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		assertThatExceptionOfType(StreamTablePermissionException.class)
			.isThrownBy(() -> transaction.executeWithoutResult((status) -> {
				this.jdbc.execute("SET LOCAL ROLE " + ROLE);
				this.template.refresh(TOTALS);
			}))
			.withMessageContaining("public.totals")
			.withMessageContaining("Permission denied");
	}

	@Test
	void exceptionsAreDataAccessExceptionsWithTheDriverCause() {
		assertThatExceptionOfType(StreamTableNotFoundException.class)
			.isThrownBy(() -> this.template.drop(StreamTableName.of("public.missing")))
			.withCauseInstanceOf(SQLException.class)
			.isInstanceOf(DataAccessException.class);
	}

	private static boolean isSuperuser(JdbcTemplate jdbc) {
		return Boolean.TRUE
			.equals(jdbc.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class));
	}

}
