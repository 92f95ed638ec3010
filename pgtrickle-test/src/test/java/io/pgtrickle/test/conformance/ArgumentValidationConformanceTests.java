package io.pgtrickle.test.conformance;

import java.sql.SQLException;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.pgtrickle.test.PgTrickleTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.pgtrickle.test.conformance.ConformanceSupport.assertFails;
import static io.pgtrickle.test.conformance.ConformanceSupport.assertFailsStartingWith;
import static io.pgtrickle.test.conformance.ConformanceSupport.catalogRow;
import static io.pgtrickle.test.conformance.ConformanceSupport.createStreamTable;
import static io.pgtrickle.test.conformance.ConformanceSupport.execute;
import static io.pgtrickle.test.conformance.ConformanceSupport.queryValue;
import static io.pgtrickle.test.conformance.ConformanceSupport.relationExists;
import static io.pgtrickle.test.conformance.ConformanceSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance of argument validation (contract §6.1–§6.3, §8.3): invalid schedules, refresh modes,
 * statuses and options are rejected with SQLSTATE 22023 and the contract's message, and leave nothing
 * behind; valid schedule formats are accepted and stored trimmed (NULL for {@code calculated}).
 */
@PgTrickleTest
@TestInstance(Lifecycle.PER_CLASS)
class ArgumentValidationConformanceTests {

	private static final String CREATE = "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => ?)";

	private final DataSource dataSource;

	private String source;

	private String query;

	ArgumentValidationConformanceTests(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@BeforeAll
	void createSource() throws SQLException {
		this.source = uniqueName("src");
		execute(this.dataSource, "CREATE TABLE public." + this.source + " (id int PRIMARY KEY, v int)");
		execute(this.dataSource, "INSERT INTO public." + this.source + " VALUES (1, 10), (2, 20)");
		this.query = "SELECT id, v FROM public." + this.source;
	}

	@ParameterizedTest(name = "[{index}] ''{0}''")
	@MethodSource("schedulesRejectedWithAnExactMessage")
	void invalidScheduleIsRejected(String schedule, String message) throws SQLException {
		String name = uniqueName("st");
		assertFails(this.dataSource, "22023", "invalid argument: " + message, CREATE, "public." + name, this.query,
				schedule);
		assertNothingCreated(name);
	}

	static Stream<Arguments> schedulesRejectedWithAnExactMessage() {
		return Stream.of(Arguments.of("", "schedule cannot be empty"), Arguments.of("   ", "schedule cannot be empty"),
				Arguments.of("-5", "schedule cannot be negative: '-5'"),
				Arguments.of("m", "expected a number before 'm' in duration 'm'"),
				Arguments.of("30 seconds", "invalid cron expression '30 seconds': expected 5 or 6 fields, got 2"),
				Arguments.of("* * * *", "invalid cron expression '* * * *': expected 5 or 6 fields, got 4"));
	}

	@ParameterizedTest(name = "[{index}] ''{0}''")
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "5x|invalid duration unit 'x' in '5x'.",
			"5M|invalid duration unit 'M' in '5M'.", "1.5m|invalid duration unit '.' in '1.5m'.",
			"1h30|trailing digits '30' without a unit in duration '1h30'." })
	void malformedDurationIsRejected(String schedule, String messageStart) throws SQLException {
		// The contract gives these messages up to an ellipsis (a usage hint follows).
		String name = uniqueName("st");
		assertFailsStartingWith(this.dataSource, "22023", "invalid argument: " + messageStart, CREATE,
				"public." + name, this.query, schedule);
		assertNothingCreated(name);
	}

	@ParameterizedTest(name = "[{index}] ''{0}''")
	@CsvSource({ "0", "0s" })
	void scheduleBelowTheMinimumIsRejected(String schedule) throws SQLException {
		String minimum = queryValue(this.dataSource, String.class,
				"SELECT coalesce(current_setting('pg_trickle.min_schedule_seconds', true), '1')");
		String name = uniqueName("st");
		assertFails(this.dataSource, "22023",
				"invalid argument: schedule must be at least " + minimum + "s, got 0s", CREATE, "public." + name,
				this.query, schedule);
		assertNothingCreated(name);
	}

	@Test
	void nullScheduleIsRejected() throws SQLException {
		String name = uniqueName("st");
		assertFails(this.dataSource, "22023",
				"invalid argument: use 'calculated' instead of NULL to set CALCULATED schedule",
				"SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => NULL)", "public." + name,
				this.query);
		assertNothingCreated(name);
	}

	@ParameterizedTest(name = "[{index}] ''{0}'' is stored as {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "NULL",
			value = { "90|90", "\" 1h30m \"|1h30m", "2w|2w", "*/5 * * * *|*/5 * * * *", "0 */2 * * * *|0 */2 * * * *",
					"@hourly|@hourly", "calculated|NULL", "CALCULATED|NULL" })
	void validScheduleIsAcceptedAndStoredTrimmed(String schedule, String stored) throws SQLException {
		String name = uniqueName("st");
		execute(this.dataSource, CREATE, "public." + name, this.query, schedule);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("schedule", stored)
			.containsEntry("status", "ACTIVE");
	}

	@Test
	void invalidScheduleInAlterIsRejectedAndLeavesTheScheduleUnchanged() throws SQLException {
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, this.query, "1h", "AUTO");
		assertFails(this.dataSource, "22023", "invalid argument: schedule cannot be empty",
				"SELECT pgtrickle.alter_stream_table(name => ?, schedule => '')", "public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("schedule", "1h");
	}

	@Test
	void unknownRefreshModeIsRejected() throws SQLException {
		String name = uniqueName("st");
		assertFails(this.dataSource, "22023",
				"invalid argument: unknown refresh mode: SOMETIMES. Must be 'AUTO', 'FULL', 'DIFFERENTIAL', or 'IMMEDIATE'",
				"SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
						+ "refresh_mode => 'sometimes')",
				"public." + name, this.query);
		assertNothingCreated(name);
	}

	@Test
	void refreshModeIsCaseInsensitive() throws SQLException {
		String name = uniqueName("st");
		execute(this.dataSource, "SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
				+ "refresh_mode => 'full')", "public." + name, this.query);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("refresh_mode", "FULL");
	}

	@Test
	void unknownStatusIsRejected() throws SQLException {
		// PAUSED is not a status (contract §6.2); the value is reported upper-cased.
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, this.query, "1h", "AUTO");
		assertFails(this.dataSource, "22023", "invalid argument: unknown status: PAUSED",
				"SELECT pgtrickle.alter_stream_table(name => ?, status => 'paused')", "public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("status", "ACTIVE");
	}

	@Test
	void invalidDiamondConsistencyIsRejected() throws SQLException {
		String name = uniqueName("st");
		assertFailsStartingWith(this.dataSource, "22023", "invalid argument: invalid diamond_consistency value: 'eventual'",
				"SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
						+ "diamond_consistency => 'eventual')",
				"public." + name, this.query);
		assertNothingCreated(name);
	}

	@Test
	void invalidCdcModeIsRejected() throws SQLException {
		String name = uniqueName("st");
		assertFailsStartingWith(this.dataSource, "22023", "invalid argument: invalid cdc_mode value: 'sometimes'",
				"SELECT pgtrickle.create_stream_table(name => ?, query => ?, schedule => '1h', "
						+ "cdc_mode => 'sometimes')",
				"public." + name, this.query);
		assertNothingCreated(name);
	}

	@Test
	void invalidTierIsRejected() throws SQLException {
		String name = uniqueName("st");
		createStreamTable(this.dataSource, "public." + name, this.query, "1h", "AUTO");
		assertFailsStartingWith(this.dataSource, "22023", "invalid argument: invalid tier value: 'lukewarm'",
				"SELECT pgtrickle.alter_stream_table(name => ?, tier => 'lukewarm')", "public." + name);
		assertThat(catalogRow(this.dataSource, "public", name)).containsEntry("refresh_tier", "hot");
	}

	private void assertNothingCreated(String name) throws SQLException {
		assertThat(catalogRow(this.dataSource, "public", name)).isEmpty();
		assertThat(relationExists(this.dataSource, "public." + name)).isFalse();
	}

}
