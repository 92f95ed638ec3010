package io.pgtrickle.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Schedule}.
 */
class ScheduleTests {

	@ParameterizedTest
	@CsvSource({ "30s,30", "5m,300", "1h,3600", "1h30m,5400", "2d,172800", "2w,1209600", "60,60", "1,1", "+5,5",
			"'  10m  ',600", "1m1m,120", "0m1s,1" })
	void parseDurationReturnsItsInterval(String text, long seconds) {
		Schedule schedule = Schedule.parse(text);
		assertThat(schedule.kind()).isEqualTo(Schedule.Kind.DURATION);
		assertThat(schedule.interval()).isEqualTo(Duration.ofSeconds(seconds));
		assertThat(schedule.expression()).isEqualTo(text.trim());
	}

	@ParameterizedTest
	@ValueSource(strings = { "calculated", "CALCULATED", " Calculated " })
	void parseCalculatedInAnyCase(String text) {
		Schedule schedule = Schedule.parse(text);
		assertThat(schedule).isSameAs(Schedule.calculated());
		assertThat(schedule.expression()).isEqualTo("calculated");
		assertThat(schedule.interval()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "*/5 * * * *", "0 0 * * *", "0 */2 * * 1-5", "30 0 * * * *", "0 9 * * MON-FRI",
			"0 0 1 JAN,JUL *", "0 0 L * *", "0 0 15W * *", "0 0 * * 5L", "0 0 * * 1#2", "0 0 ? * *", "@hourly", "@daily",
			"@weekly", "@monthly", "@yearly", "@annually", "0 0 * * 0-7", "0,15,30,45 * * * *", "0 9-17/2 * * *" })
	void parseCronExpressions(String text) {
		Schedule schedule = Schedule.parse(text);
		assertThat(schedule.kind()).isEqualTo(Schedule.Kind.CRON);
		assertThat(schedule.expression()).isEqualTo(text);
		assertThat(schedule.interval()).isNull();
	}

	@Test
	void parseWithSpaceInDurationExplainsItIsReadAsCron() {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse("30 seconds"))
			.withMessageContaining("2 fields")
			.withMessageContaining("write '30s'");
	}

	@Test
	void parseWithUpperCaseUnitNamesTheUnit() {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse("5M"))
			.withMessageContaining("invalid duration unit 'M'");
	}

	@Test
	void parseWithTrailingDigitsAsksForAUnit() {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse("1h30"))
			.withMessageContaining("without a unit");
	}

	@Test
	void parseWithUnitFirstAsksForANumber() {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse("m5"))
			.withMessageContaining("no number before the unit 'm'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "0s", "0m" })
	void parseZeroDurationIsRejected(String text) {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse(text))
			.withMessageContaining("at least 1s");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-5", "-5m" })
	void parseNegativeDurationIsRejected(String text) {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse(text))
			.withMessageContaining("negative");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   " })
	void parseEmptyIsRejected(String text) {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse(text))
			.withMessageContaining("must not be empty");
	}

	@Test
	void parseNullIsRejected() {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse(null))
			.withMessageContaining("must not be null");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.5h", "5 m", "1 hour", "PT5M", "5ms", "10 minutes", "'5m'", "5m;", "1d 2h" })
	void parseNonGrammarDurationsAreRejected(String text) {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse(text));
	}

	@Test
	void parseHugeDurationIsRejected() {
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> Schedule.parse("99999999999999999999w"))
			.withMessageContaining("too large");
	}

	@ParameterizedTest
	@ValueSource(strings = { "* * * *", "* * * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *",
			"* * * 13 *", "* * * * 8", "*/0 * * * *", "* * * FOO *", "@reboot", "@every 5m", "@daily now", "1,,2 * * * *",
			"a * * * *", "5-1 * * * *", "* * * * MON#9" })
	void parseInvalidCronIsRejected(String text) {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.parse(text))
			.withMessageContaining("ron");
	}

	@Test
	void everyWritesTheExtensionGrammar() {
		assertThat(Schedule.every(Duration.ofSeconds(90)).expression()).isEqualTo("1m30s");
		assertThat(Schedule.every(Duration.ofHours(1)).expression()).isEqualTo("1h");
		assertThat(Schedule.every(Duration.ofDays(1).plusHours(1).plusMinutes(1).plusSeconds(1)).expression())
			.isEqualTo("1d1h1m1s");
		assertThat(Schedule.every(Duration.ofMinutes(5)).interval()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void everyRoundTripsThroughParse() {
		Schedule schedule = Schedule.every(Duration.ofSeconds(93784));
		assertThat(Schedule.parse(schedule.expression())).isEqualTo(schedule);
	}

	@Test
	void everyWithFractionOfASecondIsRejected() {
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> Schedule.every(Duration.ofMillis(1500)))
			.withMessageContaining("whole seconds");
	}

	@Test
	void everyWithLessThanASecondIsRejected() {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.every(Duration.ZERO));
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.every(Duration.ofSeconds(-1)));
	}

	@Test
	void cronWithDurationTextIsRejected() {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.cron("5m"))
			.withMessageContaining("read it as a duration");
	}

	@Test
	void cronAcceptsAliases() {
		assertThat(Schedule.cron("@hourly").kind()).isEqualTo(Schedule.Kind.CRON);
	}

	@Test
	void ofCatalogReadsNullAsCalculated() {
		assertThat(Schedule.ofCatalog(null)).isEqualTo(Schedule.calculated());
	}

	@Test
	void ofCatalogKeepsValuesItCannotValidate() {
		Schedule schedule = Schedule.ofCatalog("@midnight");
		assertThat(schedule.kind()).isEqualTo(Schedule.Kind.CRON);
		assertThat(schedule.expression()).isEqualTo("@midnight");
	}

	@Test
	void schedulesWithDifferentTextAreNotEqual() {
		assertThat(Schedule.parse("60")).isNotEqualTo(Schedule.parse("1m"));
		assertThat(Schedule.parse("60").interval()).isEqualTo(Schedule.parse("1m").interval());
	}

	@Test
	void invalidScheduleExceptionIsAnInvalidArgumentException() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class).isThrownBy(() -> Schedule.parse("x"));
	}

}
