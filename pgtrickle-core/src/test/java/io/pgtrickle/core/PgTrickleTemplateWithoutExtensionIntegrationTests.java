package io.pgtrickle.core;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Integration tests for {@link PgTrickleTemplate} on a database without pg_trickle, created next to
 * the test class's database.
 */
@PgTrickleTest
class PgTrickleTemplateWithoutExtensionIntegrationTests {

	private static PGSimpleDataSource plainDataSource;

	private static String plainDatabase;

	@BeforeAll
	static void createPlainDatabase(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		assumeThat(jdbc.queryForObject("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user",
				Boolean.class))
			.as("creating a database needs CREATEDB")
			.isTrue();
		plainDatabase = database.databaseName() + "_plain";
		jdbc.execute("CREATE DATABASE " + plainDatabase + " TEMPLATE template0 STRATEGY FILE_COPY");
		plainDataSource = new PGSimpleDataSource();
		plainDataSource.setURL(database.jdbcUrl().replace("/" + database.databaseName(), "/" + plainDatabase));
		plainDataSource.setUser(database.username());
		plainDataSource.setPassword(database.password());
	}

	@AfterAll
	static void dropPlainDatabase(PgTrickleDatabase database) {
		if (plainDatabase != null) {
			new JdbcTemplate(database.dataSource()).execute("DROP DATABASE IF EXISTS " + plainDatabase + " WITH (FORCE)");
		}
	}

	@Test
	void versionThrowsExtensionNotInstalledException() {
		assertThatExceptionOfType(ExtensionNotInstalledException.class)
			.isThrownBy(() -> new PgTrickleTemplate(plainDataSource).version())
			.withMessageContaining("CREATE EXTENSION pg_trickle");
	}

	@Test
	void refreshThrowsExtensionNotInstalledException() {
		assertThatExceptionOfType(ExtensionNotInstalledException.class)
			.isThrownBy(() -> new PgTrickleTemplate(plainDataSource).refresh(StreamTableName.of("public.totals")))
			.withMessageContaining("public.totals");
	}

	@Test
	void catalogReadsThrowExtensionNotInstalledException() {
		PgTrickleTemplate template = new PgTrickleTemplate(plainDataSource);
		assertThatExceptionOfType(ExtensionNotInstalledException.class).isThrownBy(template::statusSnapshot);
		assertThatExceptionOfType(ExtensionNotInstalledException.class).isThrownBy(template::findAll);
		assertThatExceptionOfType(ExtensionNotInstalledException.class)
			.isThrownBy(() -> template.awaitPopulated(StreamTableName.of("public.totals"), Duration.ofSeconds(1)));
	}

	@Test
	void createThrowsExtensionNotInstalledException() {
		assertThatExceptionOfType(ExtensionNotInstalledException.class)
			.isThrownBy(() -> new PgTrickleTemplate(plainDataSource)
				.create(StreamTableDefinition.builder("public.totals", "SELECT 1 AS one").build()));
	}

}
