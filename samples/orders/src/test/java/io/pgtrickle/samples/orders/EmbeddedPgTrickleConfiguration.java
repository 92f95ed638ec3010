package io.pgtrickle.samples.orders;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points the application at a fresh database with pg_trickle from pgtrickle-test: the real image when
 * Docker runs, else an embedded PostgreSQL 18 with the emulation.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedPgTrickleConfiguration {

	@Bean(destroyMethod = "close")
	PgTrickleDatabase pgTrickleDatabase() {
		return PgTrickleDatabases.create("orders");
	}

	@Bean
	JdbcConnectionDetails jdbcConnectionDetails(PgTrickleDatabase database) {
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return database.username();
			}

			@Override
			public String getPassword() {
				return database.password();
			}

			@Override
			public String getJdbcUrl() {
				return database.jdbcUrl();
			}

		};
	}

}
