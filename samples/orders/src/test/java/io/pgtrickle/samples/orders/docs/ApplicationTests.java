package io.pgtrickle.samples.orders.docs;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.test.PgTrickleContainer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second snippet of docs/testing.md: the sample application (found from this package as
 * {@code OrdersApplication}) on the real pg_trickle image, connected by {@code @ServiceConnection}.
 * Skipped where no Docker engine runs.
 */
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class ApplicationTests {

	@Container
	@ServiceConnection
	static PgTrickleContainer postgres = new PgTrickleContainer();

	@Autowired
	private PgTrickleOperations pgTrickle;

	@Test
	void migrationsCreateTheStreamTables() {
		assertThat(this.pgTrickle.findAll()).isNotEmpty();
	}

}
