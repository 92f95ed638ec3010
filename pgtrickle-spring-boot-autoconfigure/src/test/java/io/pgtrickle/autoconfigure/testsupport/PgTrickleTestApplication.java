package io.pgtrickle.autoconfigure.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import io.pgtrickle.autoconfigure.docs.PgTrickleEndpointSecurityConfiguration;
import io.pgtrickle.test.PgTrickleDatabase;

/**
 * A web application with Actuator, a pooled DataSource and the pg_trickle starter's
 * auto-configuration, secured as the documentation shows, for tests over real HTTP. The user
 * {@code ops} (password {@code secret}) has the role {@code PGTRICKLE_ADMIN}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(PgTrickleEndpointSecurityConfiguration.class)
public class PgTrickleTestApplication {

	/**
	 * Start the application on a random port, connected to the given database.
	 * @param database the database
	 * @param jdbcUrl the JDBC URL to connect to, for example through a proxy
	 * @param properties more properties, as {@code name=value}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(PgTrickleDatabase database, String jdbcUrl, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.datasource.url=" + jdbcUrl, "spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "spring.datasource.hikari.maximum-pool-size=4",
				"spring.datasource.hikari.connection-timeout=1000", "spring.main.banner-mode=off",
				"management.endpoint.health.show-details=always", "spring.jmx.enabled=false",
				"spring.security.user.name=ops", "spring.security.user.password=secret",
				"spring.security.user.roles=PGTRICKLE_ADMIN"));
		all.addAll(Arrays.asList(properties));
		return new SpringApplicationBuilder(PgTrickleTestApplication.class).properties(all.toArray(String[]::new))
			.run();
	}

	/**
	 * Return a client for the running application.
	 * @param context the application
	 * @return the client
	 */
	public static HttpResponses http(ConfigurableApplicationContext context) {
		return new HttpResponses(Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1")));
	}

}
