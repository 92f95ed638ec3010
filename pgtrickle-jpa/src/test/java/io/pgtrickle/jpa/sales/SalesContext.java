package io.pgtrickle.jpa.sales;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import io.pgtrickle.test.PgTrickleDatabase;

/**
 * Starts a plain Spring application context with {@link SalesJpaConfiguration} on a test database.
 */
public final class SalesContext {

	private SalesContext() {
	}

	/**
	 * Start a context on the given database with the given extra configuration.
	 * @param database the database
	 * @param configurations further configuration classes
	 * @return the refreshed context
	 */
	public static AnnotationConfigApplicationContext start(PgTrickleDatabase database, Class<?>... configurations) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(DataSource.class, () -> dataSource(database), (definition) -> definition.setDestroyMethodName("close"));
		context.register(SalesJpaConfiguration.class);
		if (configurations.length > 0) {
			context.register(configurations);
		}
		context.refresh();
		return context;
	}

	/**
	 * Return a small connection pool on the given database.
	 * @param database the database
	 * @return the pool
	 */
	public static HikariDataSource dataSource(PgTrickleDatabase database) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

}
