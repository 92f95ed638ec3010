package io.pgtrickle.samples.orders;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample on a database from pgtrickle-test, with nothing installed by hand:
 * {@code ./mvnw -pl samples/orders -am spring-boot:test-run}.
 */
public class TestOrdersApplication {

	public static void main(String[] args) {
		// Docker Compose is for spring-boot:run; here pgtrickle-test picks the database, and without
		// Docker its probe for an engine would log an error before it falls back to the embedded one.
		String[] arguments = new String[args.length + 2];
		arguments[0] = "--spring.docker.compose.enabled=false";
		arguments[1] = "--logging.level.org.testcontainers.dockerclient=off";
		System.arraycopy(args, 0, arguments, 2, args.length);
		SpringApplication.from(OrdersApplication::main).with(EmbeddedPgTrickleConfiguration.class).run(arguments);
	}

}
