package io.pgtrickle.flyway.docs;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import io.pgtrickle.flyway.DeferredInitializationCallback;

/**
 * Runs Flyway without Spring Boot.
 */
public final class PlainFlyway {

	private PlainFlyway() {
	}

	// tag::migrate[]
	public static void migrate(DataSource dataSource, String... locations) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations(locations)
			.callbacks(new DeferredInitializationCallback())
			.load()
			.migrate();
	}
	// end::migrate[]

}
