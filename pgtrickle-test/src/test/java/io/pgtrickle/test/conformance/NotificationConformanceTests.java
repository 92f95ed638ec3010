package io.pgtrickle.test.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import io.pgtrickle.test.conformance.ConformanceSupport.Alert;
import org.junit.jupiter.api.Test;

import static io.pgtrickle.test.conformance.ConformanceSupport.SCHEDULER_DEADLINE;
import static io.pgtrickle.test.conformance.ConformanceSupport.awaitAlert;
import static io.pgtrickle.test.conformance.ConformanceSupport.collectAlerts;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.listenForAlerts;
import static io.pgtrickle.test.conformance.ConformanceSupport.refresh;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of the {@code pg_trickle_alert} channel (contract §9.1): the scheduler announces every
 * successful refresh with {@code refresh_completed} (NO_DATA polls included), a manual refresh does
 * not, and {@code resume_stream_table} announces {@code resumed}. Each test listens on a dedicated
 * autocommit connection and looks only at its own stream table's events.
 */
@PgTrickleTest
class NotificationConformanceTests {

	private final DataSource dataSource;

	NotificationConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Test
	void schedulerRefreshAnnouncesRefreshCompletedWithThePayloadKeys() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		try (Connection listener = listenForAlerts(this.dataSource)) {
			createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1s", "FULL");
			execute(this.dataSource, "INSERT INTO public." + source + " VALUES (10, 100), (11, 110)");
			Alert alert = awaitAlert(listener, SCHEDULER_DEADLINE, "refresh_completed with data for public." + name,
					(candidate) -> candidate.is("refresh_completed", "public." + name)
							&& !"NO_DATA".equals(candidate.values().get("action")));
			assertThat(alert.values()).containsEntry("event", "refresh_completed")
				.containsEntry("pgt_schema", "public")
				.containsEntry("pgt_name", name)
				.containsEntry("st", "public." + name)
				.containsEntry("action", "FULL")
				.containsKeys("rows_inserted", "rows_deleted", "duration_ms");
			assertThat(alert.types()).containsEntry("action", "string")
				.containsEntry("rows_inserted", "number")
				.containsEntry("rows_deleted", "number")
				.containsEntry("duration_ms", "number");
			assertThat(Long.parseLong(alert.values().get("rows_inserted"))).isPositive();
		}
	}

	@Test
	void idleDurationScheduleAnnouncesNoDataCompletions() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		try (Connection listener = listenForAlerts(this.dataSource)) {
			createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1s", "FULL");
			Alert alert = awaitAlert(listener, SCHEDULER_DEADLINE, "refresh_completed NO_DATA for public." + name,
					(candidate) -> candidate.is("refresh_completed", "public." + name)
							&& "NO_DATA".equals(candidate.values().get("action")));
			assertThat(alert.values()).containsEntry("pgt_schema", "public")
				.containsEntry("pgt_name", name)
				.containsEntry("rows_inserted", "0")
				.containsEntry("rows_deleted", "0")
				.containsKey("duration_ms");
			awaitAlert(listener, SCHEDULER_DEADLINE, "a second refresh_completed NO_DATA for public." + name,
					(candidate) -> candidate.is("refresh_completed", "public." + name)
							&& "NO_DATA".equals(candidate.values().get("action")));
		}
	}

	@Test
	void manualRefreshAnnouncesNoRefreshCompleted() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1h", "FULL");
		try (Connection listener = listenForAlerts(this.dataSource)) {
			execute(this.dataSource, "INSERT INTO public." + source + " VALUES (10, 100)");
			refresh(this.dataSource, "public." + name);
			List<Alert> alerts = collectAlerts(listener, Duration.ofSeconds(2));
			assertThat(alerts).noneSatisfy(
					(alert) -> assertThat(alert.is("refresh_completed", "public." + name)).isTrue());
		}
	}

	@Test
	void resumeAnnouncesResumed() throws Exception {
		String source = createSource();
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, "SELECT id, v FROM public." + source, "1h", "FULL");
		execute(this.dataSource, "SELECT pgtrickle.alter_stream_table(name => ?, status => 'SUSPENDED')",
				"public." + name);
		try (Connection listener = listenForAlerts(this.dataSource)) {
			execute(this.dataSource, "SELECT pgtrickle.resume_stream_table(name => ?)", "public." + name);
			Alert alert = awaitAlert(listener, Duration.ofSeconds(10), "resumed for public." + name,
					(candidate) -> candidate.is("resumed", "public." + name));
			assertThat(alert.values()).containsEntry("pgt_schema", "public")
				.containsEntry("pgt_name", name)
				.containsEntry("previous_status", "SUSPENDED");
		}
	}

	/**
	 * Creates a stream table with trigger-based change capture, so that the scheduler's work does not
	 * depend on a WAL transition (the real image runs with {@code wal_level = logical}).
	 */
	private static void createStreamTable(DataSource dataSource, String name, String query, String schedule,
			String refreshMode) throws SQLException {
		execute(dataSource, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => ?, "
				+ "refresh_mode => ?, cdc_mode => 'trigger')", name, query, schedule, refreshMode);
	}

	private String createSource() throws SQLException {
		String source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + source + " VALUES (1, 10), (2, 20)");
		return source;
	}

}
