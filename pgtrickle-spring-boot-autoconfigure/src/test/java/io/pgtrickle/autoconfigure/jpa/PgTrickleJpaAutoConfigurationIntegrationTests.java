package io.pgtrickle.autoconfigure.jpa;

import java.math.BigDecimal;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.autoconfigure.jpa.mismatch.MissingTotal;
import io.pgtrickle.autoconfigure.jpa.sample.OrderTotal;
import io.pgtrickle.autoconfigure.jpa.sample.OrderTotals;
import io.pgtrickle.autoconfigure.jpa.sample.SampleJpaApplication;
import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.StreamTableReadOnlyException;
import io.pgtrickle.jpa.StreamTableMappingException;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link PgTrickleJpaAutoConfiguration} with Spring Boot's JPA
 * auto-configuration on a database with pg_trickle.
 */
@PgTrickleTest
@ExtendWith(OutputCaptureExtension.class)
class PgTrickleJpaAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner contextRunner;

	private final DataSource dataSource;

	PgTrickleJpaAutoConfigurationIntegrationTests(PgTrickleDatabase database) {
		this.dataSource = database.dataSource();
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class,
					org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration.class,
					org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration.class,
					org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration.class,
					org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration.class,
					PgTrickleAutoConfiguration.class, PgTrickleJpaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.username(),
					"spring.datasource.password=" + database.password(),
					"spring.datasource.hikari.maximum-pool-size=4");
	}

	@BeforeEach
	void createSchema() {
		SampleJpaApplication.createSchema(this.dataSource);
	}

	@Test
	void streamTableRepositoryWorksWithoutFurtherConfiguration() {
		this.contextRunner.withUserConfiguration(SampleConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(StreamTableStartupCheck.class);
			OrderTotals orderTotals = context.getBean(OrderTotals.class);
			assertThat(orderTotals.count()).isEqualTo(20);
			assertThat(orderTotals.findTop10ByOrderByTotalDesc()).hasSize(10);
			assertThat(orderTotals.isStale()).isFalse();
			assertThat(orderTotals.refresh().outcome()).isEqualTo(RefreshResult.Outcome.REFRESHED);
		});
	}

	@Test
	void writesAreRejectedBeforeTheDatabaseAndByIt() {
		this.contextRunner.withUserConfiguration(SampleConfiguration.class).run((context) -> {
			EntityManager entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
			try {
				entityManager.getTransaction().begin();
				assertThatExceptionOfType(StreamTableReadOnlyException.class)
					.isThrownBy(() -> entityManager.persist(new OrderTotal(100L, BigDecimal.ONE)))
					.withMessageStartingWith("Cannot persist OrderTotal");
				assertThatExceptionOfType(StreamTableReadOnlyException.class)
					.isThrownBy(() -> entityManager.createQuery("UPDATE OrderTotal o SET o.total = 0").executeUpdate())
					.withMessageStartingWith("Cannot run a bulk update on OrderTotal");
			}
			finally {
				entityManager.getTransaction().rollback();
				entityManager.close();
			}
			assertThatExceptionOfType(StreamTableReadOnlyException.class)
				.isThrownBy(() -> context.getBean(OrderTotals.class).zeroAllNatively())
				.withMessageContaining("Stream table order_totals is read-only");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "create", "create-drop", "update", "validate" })
	void schemaGenerationLeavesStreamTablesAlone(String ddlAuto) {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		if (ddlAuto.equals("validate")) {
			jdbc.execute("CREATE TABLE notes (id bigint PRIMARY KEY, text varchar(255))");
		}
		Long relationId = streamTableRelationId(jdbc);
		Integer rows = jdbc.queryForObject("SELECT count(*) FROM order_totals", Integer.class);
		this.contextRunner.withUserConfiguration(SampleConfiguration.class)
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=" + ddlAuto)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(jdbc.queryForObject("SELECT to_regclass('notes') IS NOT NULL", Boolean.class)).isTrue();
			});
		assertThat(streamTableRelationId(jdbc)).isEqualTo(relationId);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM order_totals", Integer.class)).isEqualTo(rows);
	}

	@Test
	void startupCheckFailsWithEveryMismatchAndHowToFixIt() {
		this.contextRunner.withUserConfiguration(MismatchConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(StreamTableMappingException.class)
				.hasMessageContaining("MissingTotal is a @StreamTable mapped to missing_totals, which does not exist")
				.hasMessageContaining("To start anyway, set pgtrickle.jpa.startup-check.mode to warn");
		});
	}

	@Test
	void startupCheckOnlyWarnsInWarnMode(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(MismatchConfiguration.class)
			.withPropertyValues("pgtrickle.jpa.startup-check.mode=warn")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("MissingTotal is a @StreamTable mapped to missing_totals, which does not exist");
	}

	@Test
	void startupCheckCanBeTurnedOff(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(MismatchConfiguration.class)
			.withPropertyValues("pgtrickle.jpa.startup-check.mode=off")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("MissingTotal is a @StreamTable");
	}

	private static Long streamTableRelationId(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT pgt_relid::bigint FROM pgtrickle.pgt_stream_tables "
				+ "WHERE pgt_schema = 'public' AND pgt_name = 'order_totals'", Long.class);
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = OrderTotal.class)
	static class SampleConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = MissingTotal.class)
	static class MismatchConfiguration {

	}

}
