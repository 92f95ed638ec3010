package io.pgtrickle.jpa;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import io.pgtrickle.jpa.StreamTableMappingProblem.Severity;
import io.pgtrickle.jpa.sales.EntityManagerFactories;
import io.pgtrickle.jpa.sales.OrderTotal;
import io.pgtrickle.test.PgTrickleBackend;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Integration tests for {@link StreamTableMappingVerifier} on a database without pg_trickle.
 */
@PgTrickleTest
class StreamTableMappingVerifierWithoutPgTrickleIntegrationTests {

	@Test
	void missingExtensionIsReportedAsOneProblem(PgTrickleDatabase database) {
		assumeThat(database.backend()).as("a database of its own, whose extension may be dropped")
			.isNotEqualTo(PgTrickleBackend.EXTERNAL);
		DataSource dataSource = database.dataSource();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("DROP EXTENSION pg_trickle CASCADE");
		jdbc.execute("CREATE TABLE order_totals (customer_id bigint PRIMARY KEY, total numeric, order_count int)");
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(dataSource, Map.of(),
				OrderTotal.class);
		try {
			assertThatExceptionOfType(StreamTableMappingException.class)
				.isThrownBy(() -> new StreamTableMappingVerifier(EntityManagerFactories.get(factory)).check())
				.satisfies((ex) -> assertThat(ex.getProblems()).singleElement().satisfies((problem) -> {
					assertThat(problem.severity()).isEqualTo(Severity.ERROR);
					assertThat(problem.message()).contains("pg_trickle is not installed in this database")
						.contains("CREATE EXTENSION pg_trickle");
				}));
		}
		finally {
			factory.destroy();
			jdbc.execute("DROP TABLE order_totals");
			jdbc.execute("CREATE EXTENSION pg_trickle");
		}
	}

}
