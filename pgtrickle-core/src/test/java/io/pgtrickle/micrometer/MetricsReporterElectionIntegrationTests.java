package io.pgtrickle.micrometer;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.util.ReflectionTestUtils;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link MetricsReporterElection}.
 */
@PgTrickleTest
class MetricsReporterElectionIntegrationTests {

	private final PgTrickleDatabase database;

	private final List<MetricsReporterElection> elections = new ArrayList<>();

	MetricsReporterElectionIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
	}

	@AfterEach
	void stopElections() {
		this.elections.forEach(MetricsReporterElection::stop);
	}

	@Test
	void oneOfTheInstancesWithTheSameNameReports() {
		MetricsReporterElection first = election("orders-a");
		MetricsReporterElection second = election("orders-a");
		MetricsReporterElection third = election("orders-a");
		assertThat(second.getAsBoolean()).as("reports before its first round").isTrue();
		first.elect();
		second.elect();
		third.elect();
		second.elect();
		assertThat(first.isReporter()).isTrue();
		assertThat(first.getAsBoolean()).isTrue();
		assertThat(second.isReporter()).isFalse();
		assertThat(second.getAsBoolean()).isFalse();
		assertThat(third.isReporter()).isFalse();
		assertThat(third.getAsBoolean()).isFalse();
		assertThat(advisoryLocksHeld(first.getLockKey())).isOne();
	}

	@Test
	void theReportersSessionProbesItsClientOncePerInterval() throws Exception {
		MetricsReporterElection election = election("orders-f");
		election.setInterval(Duration.ofSeconds(30));
		election.elect();
		assertThat(election.isReporter()).isTrue();
		Connection connection = (Connection) ReflectionTestUtils.getField(election, "lockConnection");
		assertThat(connection).isNotNull();
		JdbcTemplate session = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
		assertThat(session.queryForObject("SHOW tcp_keepalives_idle", String.class)).isEqualTo("30");
		assertThat(session.queryForObject("SHOW tcp_keepalives_interval", String.class)).isEqualTo("10");
		assertThat(session.queryForObject("SHOW tcp_keepalives_count", String.class)).isEqualTo("3");
	}

	@Test
	void electionsWithDifferentNamesEachHaveAReporter() {
		MetricsReporterElection orders = election("orders-b");
		MetricsReporterElection billing = election("billing-b");
		orders.elect();
		billing.elect();
		assertThat(orders.isReporter()).isTrue();
		assertThat(billing.isReporter()).isTrue();
		assertThat(orders.getLockKey()).isNotEqualTo(billing.getLockKey());
	}

	@Test
	void anotherInstanceTakesOverWhenTheReporterStops() {
		MetricsReporterElection first = election("orders-c");
		first.setInterval(Duration.ofMillis(50));
		first.start();
		awaitTrue(first::isReporter, "the first instance to report");
		MetricsReporterElection second = election("orders-c");
		second.setInterval(Duration.ofMillis(50));
		second.start();
		second.elect();
		assertThat(second.isReporter()).isFalse();
		first.stop();
		assertThat(first.isReporter()).isFalse();
		awaitTrue(second::isReporter, "the second instance to take over");
		assertThat(advisoryLocksHeld(first.getLockKey())).isOne();
	}

	@Test
	void aReporterWhoseSessionEndsStepsDownAndAnotherTakesOver() {
		MetricsReporterElection first = election("orders-d");
		MetricsReporterElection second = election("orders-d");
		first.elect();
		second.elect();
		assertThat(first.isReporter()).isTrue();
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		Integer terminated = jdbc.queryForObject("""
				SELECT count(pg_catalog.pg_terminate_backend(l.pid))::int
				FROM pg_catalog.pg_locks l
				WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
				  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
				  AND ((l.classid::bigint << 32) | l.objid::bigint) = ?""", Integer.class, first.getLockKey());
		assertThat(terminated).isOne();
		awaitTrue(() -> advisoryLocksHeld(first.getLockKey()) == 0, "the terminated session to free its lock");
		second.elect();
		first.elect();
		assertThat(second.isReporter()).isTrue();
		assertThat(first.isReporter()).isFalse();
	}

	@Test
	void anInstanceThatCannotTakePartReportsAsWithoutAnElection() {
		DataSource unreachable = new SimpleDriverDataSource(new Driver(),
				"jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "nobody", "");
		MetricsReporterElection election = new MetricsReporterElection(unreachable, "orders-e");
		election.elect();
		assertThat(election.isReporter()).isFalse();
		assertThat(election.getAsBoolean()).isTrue();
	}

	@Test
	void lockKeyIsStableForAName() {
		assertThat(MetricsReporterElection.lockKey("orders")).isEqualTo(MetricsReporterElection.lockKey("orders"))
			.isNotEqualTo(MetricsReporterElection.lockKey("orders2"));
		assertThat(election("orders").getLockKey()).isEqualTo(MetricsReporterElection.lockKey("orders"));
	}

	private MetricsReporterElection election(String name) {
		DataSource dataSource = new SimpleDriverDataSource(new Driver(), this.database.jdbcUrl(),
				this.database.username(), this.database.password());
		MetricsReporterElection election = new MetricsReporterElection(dataSource, name);
		this.elections.add(election);
		return election;
	}

	private int advisoryLocksHeld(long key) {
		Integer held = new JdbcTemplate(this.database.dataSource()).queryForObject("""
				SELECT count(*)::int FROM pg_catalog.pg_locks l
				WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
				  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
				  AND ((l.classid::bigint << 32) | l.objid::bigint) = ?""", Integer.class, key);
		return (held != null) ? held : 0;
	}

	private static void awaitTrue(BooleanSupplier condition, String description) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waiting for " + description).isLessThan(deadline);
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
