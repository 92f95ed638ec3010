package io.pgtrickle.jpa;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import io.pgtrickle.jpa.StreamTableMappingProblem.Severity;
import io.pgtrickle.jpa.mapping.MissingTotal;
import io.pgtrickle.jpa.mapping.PlainOrderTotal;
import io.pgtrickle.jpa.mapping.PlainTotal;
import io.pgtrickle.jpa.mapping.RowIdBigOrder;
import io.pgtrickle.jpa.mapping.RowIdOrderTotal;
import io.pgtrickle.jpa.mapping.RowIdVisitCount;
import io.pgtrickle.jpa.mapping.WrongOrderTotal;
import io.pgtrickle.jpa.sales.BigOrder;
import io.pgtrickle.jpa.sales.Customer;
import io.pgtrickle.jpa.sales.EntityManagerFactories;
import io.pgtrickle.jpa.sales.OrderTotal;
import io.pgtrickle.jpa.sales.SalesContext;
import io.pgtrickle.jpa.sales.SalesDatabase;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Integration tests for {@link StreamTableMappingVerifier}.
 */
@PgTrickleTest
class StreamTableMappingVerifierIntegrationTests {

	private static DataSource dataSource;

	private static boolean byteaRowIds;

	@BeforeAll
	static void createSchema(DataSource database) {
		dataSource = database;
		SalesDatabase.create(database);
		JdbcTemplate jdbc = new JdbcTemplate(database);
		jdbc.execute("CREATE TABLE plain_totals (customer_id bigint PRIMARY KEY, total numeric)");
		byteaRowIds = "bytea".equals(jdbc.queryForObject("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
				+ "WHERE attrelid = 'order_totals'::regclass AND attname = '__pgt_row_id'", String.class));
	}

	@Test
	void matchingEntitiesHaveNoProblems() {
		assertThat(verify(OrderTotal.class, BigOrder.class, Customer.class)).isEmpty();
	}

	@Test
	void reportsEveryMismatchAtOnceWithHowToFixIt() {
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(dataSource, Map.of(),
				MissingTotal.class, PlainTotal.class, WrongOrderTotal.class);
		try {
			assertThatExceptionOfType(StreamTableMappingException.class)
				.isThrownBy(() -> new StreamTableMappingVerifier(EntityManagerFactories.get(factory)).check())
				.satisfies((ex) -> assertThat(ex.getProblems()).extracting(StreamTableMappingProblem::severity)
					.containsOnly(Severity.ERROR)
					.hasSize(4))
				.withMessageStartingWith("@StreamTable entities do not match the database (4 errors, 0 warnings):")
				.withMessageContaining("MissingTotal is a @StreamTable mapped to missing_totals, which does not exist in "
						+ "the connection's search_path. Create the stream table first, for example in a migration: "
						+ "SELECT pgtrickle.create_stream_table(name => 'public.missing_totals'")
				.withMessageContaining("PlainTotal is a @StreamTable mapped to plain_totals, which is an ordinary table, "
						+ "not a pg_trickle stream table")
				.withMessageContaining("WrongOrderTotal maps amount to column amount, which order_totals does not have; "
						+ "its columns are customer_id, total, order_count.")
				.withMessageContaining("WrongOrderTotal maps total (java.lang.Integer, read as INTEGER) to column total of "
						+ "order_totals, which is numeric; map it as BigDecimal, or cast the column in the stream table's "
						+ "defining query")
				.withMessageNotContaining("orderCount");
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void rowIdOfAnAggregateIsASafeIdUntilItBecomesBytea() {
		List<StreamTableMappingProblem> problems = verify(RowIdOrderTotal.class);
		if (byteaRowIds) {
			assertThat(problems).singleElement().satisfies((problem) -> {
				assertThat(problem.severity()).isEqualTo(Severity.ERROR);
				assertThat(problem.message()).contains("which is bytea. pg_trickle 0.87.16 and later store __pgt_row_id "
						+ "as bytea");
			});
		}
		else {
			assertThat(problems).isEmpty();
		}
	}

	@Test
	void rowIdOfAKeylessOrNonAggregateStreamTableIsUnsafe() {
		List<StreamTableMappingProblem> problems = verify(RowIdVisitCount.class, RowIdBigOrder.class);
		assertThat(problems).hasSize(2);
		if (byteaRowIds) {
			assertThat(problems).extracting(StreamTableMappingProblem::severity).containsOnly(Severity.ERROR);
		}
		else {
			assertThat(problems).extracting(StreamTableMappingProblem::severity).containsOnly(Severity.WARNING);
			assertThat(problems).anySatisfy((problem) -> assertThat(problem.message()).contains("RowIdVisitCount uses "
					+ "__pgt_row_id of visit_counts as its @Id, but pg_trickle does not keep it unique there (a source "
					+ "table has no primary key)"));
			assertThat(problems).anySatisfy((problem) -> assertThat(problem.message()).contains("RowIdBigOrder uses "
					+ "__pgt_row_id of big_orders as its @Id, but the stream table is not an aggregate"));
		}
	}

	@Test
	void warningsDoNotFailTheCheck() {
		assumeThat(byteaRowIds).as("bigint row ids (pg_trickle before 0.87.16)").isFalse();
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(dataSource, Map.of(),
				RowIdVisitCount.class);
		try {
			assertThatNoException()
				.isThrownBy(() -> new StreamTableMappingVerifier(EntityManagerFactories.get(factory)).check());
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void entityOnAStreamTableWithoutTheAnnotationIsWarnedAbout() {
		assertThat(verify(OrderTotal.class, PlainOrderTotal.class)).singleElement().satisfies((problem) -> {
			assertThat(problem.severity()).isEqualTo(Severity.WARNING);
			assertThat(problem.entityClass()).isEqualTo(PlainOrderTotal.class);
			assertThat(problem.message()).contains("Entity PlainOrderTotal maps table order_totals, which is a pg_trickle "
					+ "stream table, but is not annotated with @StreamTable");
		});
	}

	@Test
	void entityManagerFactoryWithoutStreamTablesIsNotQueried() {
		assertThat(verify(Customer.class)).isEmpty();
	}

	@Test
	void roleThatCannotReadTheCatalogIsToldWhatToGrant(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		boolean mayCreateRoles = Boolean.TRUE.equals(jdbc.queryForObject(
				"SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user", Boolean.class));
		assumeThat(mayCreateRoles).as("the test user may create roles").isTrue();
		String role = "jpa_reader_" + database.databaseName().replaceAll("[^a-z0-9_]", "_");
		jdbc.execute("DROP ROLE IF EXISTS " + role);
		jdbc.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'reader'");
		jdbc.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
		try (HikariDataSource reader = SalesContext.dataSource(database)) {
			// the URL may carry the test user; connect as the new role instead
			reader.setJdbcUrl(database.jdbcUrl().replaceAll("[?&](user|password)=[^&]*", ""));
			reader.setUsername(role);
			reader.setPassword("reader");
			LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(reader, Map.of(), OrderTotal.class);
			try {
				assertThatExceptionOfType(StreamTableMappingException.class)
					.isThrownBy(() -> new StreamTableMappingVerifier(EntityManagerFactories.get(factory)).verify())
					.satisfies((ex) -> assertThat(ex.getProblems()).singleElement()
						.satisfies((problem) -> assertThat(problem.message()).contains("cannot read pg_trickle's catalog")
							.contains("GRANT pgtrickle_reader TO the role")));
			}
			finally {
				factory.destroy();
			}
		}
		finally {
			jdbc.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + role);
			jdbc.execute("DROP ROLE " + role);
		}
	}

	private static List<StreamTableMappingProblem> verify(Class<?>... entities) {
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(dataSource, Map.of(), entities);
		try {
			return new StreamTableMappingVerifier(EntityManagerFactories.get(factory)).verify();
		}
		finally {
			factory.destroy();
		}
	}

}
