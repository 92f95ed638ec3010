package io.pgtrickle.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.autoconfigure.testsupport.JdbcUrls;
import io.pgtrickle.autoconfigure.testsupport.PlainTestApplication;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests of the start-up check against a database with pg_trickle and one without.
 */
@PgTrickleTest
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(Lifecycle.PER_CLASS)
class PgTrickleStartupCheckIntegrationTests {

	private PgTrickleDatabase database;

	private String plainDatabase;

	@BeforeAll
	void createPlainDatabase(PgTrickleDatabase database) {
		this.database = database;
		this.plainDatabase = database.databaseName() + "_plain";
		new JdbcTemplate(database.dataSource()).execute("CREATE DATABASE " + this.plainDatabase);
	}

	@AfterAll
	void dropPlainDatabase() {
		new JdbcTemplate(this.database.dataSource()).execute("DROP DATABASE " + this.plainDatabase + " WITH (FORCE)");
	}

	@Test
	void applicationStartsWhenPgTrickleIsInstalled() {
		try (ConfigurableApplicationContext context = run(this.database.jdbcUrl())) {
			assertThat(context.getBean(PgTrickleOperations.class).version()).hasToString(this.database.extensionVersion());
		}
	}

	@Test
	void applicationFailsWithAnAnalysisWhenPgTrickleIsMissing(CapturedOutput output) {
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> run(JdbcUrls.withDatabase(this.database.jdbcUrl(), this.plainDatabase)).close())
			.withCauseInstanceOf(PgTrickleStartupCheckException.class);
		assertThat(output).contains("APPLICATION FAILED TO START", "pg_trickle start-up check failed",
				"CREATE EXTENSION pg_trickle;", "shared_preload_libraries");
	}

	@Test
	void applicationStartsWithAWarningInWarnMode(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(
				JdbcUrls.withDatabase(this.database.jdbcUrl(), this.plainDatabase), "--pgtrickle.startup-check.mode=warn")) {
			assertThat(context.isActive()).isTrue();
		}
		assertThat(output).contains("pg_trickle is not installed in the application's database",
				"CREATE EXTENSION pg_trickle");
	}

	private ConfigurableApplicationContext run(String jdbcUrl, String... arguments) {
		SpringApplication application = new SpringApplication(PlainTestApplication.class);
		application.setDefaultProperties(Map.of("spring.datasource.url", jdbcUrl,
				"spring.datasource.username", this.database.username(), "spring.datasource.password",
				this.database.password(), "spring.main.web-application-type", "none", "spring.main.banner-mode", "off"));
		return application.run(arguments);
	}

}
