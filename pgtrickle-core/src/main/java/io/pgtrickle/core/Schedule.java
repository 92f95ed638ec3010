package io.pgtrickle.core;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * When pg_trickle refreshes a stream table: every fixed interval (a duration such as {@code 30s},
 * {@code 5m} or {@code 1h30m}), at the times of a cron expression ({@code *&#47;5 * * * *},
 * {@code @hourly}), or {@code calculated} (whenever its sources have changed). Schedules are
 * checked here with the extension's own grammar, so a typo fails before any SQL runs; the server
 * still has the last word (for example on {@code pg_trickle.min_schedule_seconds}).
 * <p>
 * The text is sent exactly as given (trimmed): pg_trickle compares schedules as text, so
 * {@code 60} and {@code 1m} are different schedules to it.
 *
 * @see #parse(String)
 */
public final class Schedule {

	private static final Schedule CALCULATED = new Schedule(Kind.CALCULATED, "calculated", null);

	private static final List<String> CRON_ALIASES = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
			"@hourly");

	private static final Pattern WORDY_DURATION = Pattern
		.compile("(\\d+)\\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hour|hours|d|day|days|w|week|weeks)",
				Pattern.CASE_INSENSITIVE);

	private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
			Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
			Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11),
			Map.entry("DEC", 12));

	private static final Map<String, Integer> WEEKDAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4,
			"FRI", 5, "SAT", 6);

	private final Kind kind;

	private final String expression;

	private final @Nullable Duration interval;

	private Schedule(Kind kind, String expression, @Nullable Duration interval) {
		this.kind = kind;
		this.expression = expression;
		this.interval = interval;
	}

	/**
	 * Parse a schedule in pg_trickle's grammar: {@code calculated} (any case); a cron expression
	 * when the text starts with {@code @} or contains a space; otherwise a duration, either whole
	 * seconds ({@code 60}) or {@code <digits><unit>} groups with units {@code s}, {@code m},
	 * {@code h}, {@code d} and {@code w} ({@code 1h30m}).
	 * @param text the schedule
	 * @return the schedule
	 * @throws InvalidScheduleException if the text does not follow the grammar
	 */
	public static Schedule parse(String text) {
		if (text == null) {
			throw invalid("Schedule must not be null; use Schedule.calculated() for pg_trickle's default");
		}
		String trimmed = text.trim();
		if (trimmed.isEmpty()) {
			throw invalid("Schedule must not be empty; use a duration such as '5m', a cron expression, or "
					+ "'calculated'");
		}
		if (trimmed.equalsIgnoreCase("calculated")) {
			return CALCULATED;
		}
		if (trimmed.startsWith("@") || trimmed.indexOf(' ') >= 0) {
			checkCron(trimmed);
			return new Schedule(Kind.CRON, trimmed, null);
		}
		return new Schedule(Kind.DURATION, trimmed, Duration.ofSeconds(parseSeconds(trimmed)));
	}

	/**
	 * Return a schedule that refreshes when the data is older than the given interval, written in
	 * pg_trickle's duration grammar (for example 90 seconds as {@code 1m30s}).
	 * @param interval the interval, at least one second and a whole number of seconds
	 * @return the schedule
	 * @throws InvalidScheduleException if the interval is shorter than a second or has a fraction of
	 * a second
	 */
	public static Schedule every(Duration interval) {
		if (interval == null) {
			throw invalid("Schedule interval must not be null");
		}
		if (interval.getNano() != 0 || interval.getSeconds() < 1) {
			throw invalid("Schedule interval " + interval + " is not supported: pg_trickle schedules are whole "
					+ "seconds, at least 1s");
		}
		long seconds = interval.getSeconds();
		StringBuilder text = new StringBuilder();
		seconds = appendUnit(text, seconds, 86_400, 'd');
		seconds = appendUnit(text, seconds, 3_600, 'h');
		seconds = appendUnit(text, seconds, 60, 'm');
		appendUnit(text, seconds, 1, 's');
		return new Schedule(Kind.DURATION, text.toString(), interval);
	}

	/**
	 * Return a schedule that refreshes at the times of a cron expression: 5 fields
	 * ({@code minute hour day-of-month month day-of-week}), 6 fields (with leading seconds), or one
	 * of {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
	 * {@code @hourly}.
	 * @param expression the cron expression
	 * @return the schedule
	 * @throws InvalidScheduleException if the expression is not a valid cron expression
	 */
	public static Schedule cron(String expression) {
		if (expression == null) {
			throw invalid("Cron expression must not be null");
		}
		String trimmed = expression.trim();
		if (!trimmed.startsWith("@") && trimmed.indexOf(' ') < 0) {
			throw invalid("Cron expression '" + trimmed + "' has no spaces and does not start with '@', so "
					+ "pg_trickle would read it as a duration; separate the 5 or 6 fields with spaces");
		}
		checkCron(trimmed);
		return new Schedule(Kind.CRON, trimmed, null);
	}

	/**
	 * Return the {@code calculated} schedule, pg_trickle's default: the stream table is refreshed
	 * whenever its sources have pending changes, within about one scheduler tick.
	 * @return the calculated schedule
	 */
	public static Schedule calculated() {
		return CALCULATED;
	}

	/**
	 * Return the schedule stored in pg_trickle's catalog ({@code NULL} means calculated), accepting
	 * values this version of the library would reject.
	 */
	static Schedule ofCatalog(@Nullable String stored) {
		if (stored == null) {
			return CALCULATED;
		}
		try {
			return parse(stored);
		}
		catch (InvalidScheduleException ex) {
			String trimmed = stored.trim();
			boolean cron = trimmed.startsWith("@") || trimmed.indexOf(' ') >= 0;
			return new Schedule(cron ? Kind.CRON : Kind.DURATION, trimmed, null);
		}
	}

	/**
	 * Return the kind of this schedule.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Return the text sent to pg_trickle.
	 * @return the schedule text, for example {@code 5m}, {@code 0 * * * *} or {@code calculated}
	 */
	public String expression() {
		return this.expression;
	}

	/**
	 * Return the interval of a {@link Kind#DURATION duration} schedule.
	 * @return the interval, or {@code null} for cron and calculated schedules
	 */
	public @Nullable Duration interval() {
		return this.interval;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		return (obj instanceof Schedule other) && this.kind == other.kind && this.expression.equals(other.expression);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.kind, this.expression);
	}

	@Override
	public String toString() {
		return this.expression;
	}

	private static long appendUnit(StringBuilder text, long seconds, long unit, char suffix) {
		if (seconds >= unit) {
			text.append(seconds / unit).append(suffix);
		}
		return seconds % unit;
	}

	private static long parseSeconds(String text) {
		if (text.startsWith("-")) {
			throw invalid("Schedule '" + text + "' is negative; a duration counts seconds, minutes, hours, days "
					+ "or weeks forwards, for example '5m'");
		}
		long total = 0;
		long number = -1;
		boolean unitSeen = false;
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (ch >= '0' && ch <= '9') {
				number = (number < 0) ? 0 : number;
				number = checkedAdd(checkedMultiply(number, 10, text), ch - '0', text);
				continue;
			}
			if (i == 0 && ch == '+' && text.length() > 1 && allDigits(text.substring(1))) {
				continue;
			}
			long multiplier = switch (ch) {
				case 's' -> 1;
				case 'm' -> 60;
				case 'h' -> 3_600;
				case 'd' -> 86_400;
				case 'w' -> 604_800;
				default -> throw invalid("Schedule '" + text + "' has the invalid duration unit '" + ch
						+ "'; use s, m, h, d or w (lower case) after a number, for example '5m' or '1h30m'"
						+ wordyHint(text));
			};
			if (number < 0) {
				throw invalid("Schedule '" + text + "' has no number before the unit '" + ch + "'; write for "
						+ "example '5" + ch + "'");
			}
			total = checkedAdd(total, checkedMultiply(number, multiplier, text), text);
			number = -1;
			unitSeen = true;
		}
		if (number >= 0) {
			if (unitSeen) {
				throw invalid("Schedule '" + text + "' ends with digits without a unit; append s, m, h, d or w, "
						+ "for example '1h30m'");
			}
			total = number;
		}
		if (total < 1) {
			throw invalid("Schedule '" + text + "' is " + total + "s; pg_trickle schedules must be at least 1s");
		}
		return total;
	}

	private static boolean allDigits(String text) {
		return text.chars().allMatch((ch) -> ch >= '0' && ch <= '9');
	}

	private static long checkedAdd(long left, long right, String text) {
		try {
			return Math.addExact(left, right);
		}
		catch (ArithmeticException ex) {
			throw tooLarge(text);
		}
	}

	private static long checkedMultiply(long left, long right, String text) {
		try {
			return Math.multiplyExact(left, right);
		}
		catch (ArithmeticException ex) {
			throw tooLarge(text);
		}
	}

	private static String wordyHint(String text) {
		Matcher matcher = WORDY_DURATION.matcher(text);
		if (matcher.matches()) {
			return "; for '" + text + "' write '" + matcher.group(1)
					+ Character.toLowerCase(matcher.group(2).charAt(0)) + "'";
		}
		return "";
	}

	private static void checkCron(String text) {
		if (text.startsWith("@")) {
			if (!CRON_ALIASES.contains(text.toLowerCase(Locale.ROOT))) {
				throw invalid("Cron alias '" + text + "' is not supported; use one of " + CRON_ALIASES
						+ " or a cron expression with 5 or 6 fields");
			}
			return;
		}
		String[] fields = text.split("\\s+");
		if (fields.length != 5 && fields.length != 6) {
			Matcher wordy = WORDY_DURATION.matcher(text);
			String hint = wordy.matches() ? "; pg_trickle reads text with a space as cron, so for a duration write '"
					+ wordy.group(1) + Character.toLowerCase(wordy.group(2).charAt(0)) + "'" : "";
			throw invalid("Cron expression '" + text + "' has " + fields.length + " fields; pg_trickle expects 5 "
					+ "(minute hour day-of-month month day-of-week) or 6 (with leading seconds)" + hint);
		}
		int offset = (fields.length == 6) ? 0 : 1;
		CronField[] specs = CronField.values();
		for (int i = 0; i < fields.length; i++) {
			specs[i + offset].check(fields[i], text);
		}
	}

	private static InvalidScheduleException tooLarge(String text) {
		return invalid("Schedule '" + text + "' is too large");
	}

	private static InvalidScheduleException invalid(String message) {
		return new InvalidScheduleException(message, null, null);
	}

	/**
	 * The kinds of schedule.
	 */
	public enum Kind {

		/**
		 * Refresh when the data is older than a fixed interval.
		 */
		DURATION,

		/**
		 * Refresh at the times of a cron expression.
		 */
		CRON,

		/**
		 * Refresh whenever the sources have pending changes.
		 */
		CALCULATED

	}

	private enum CronField {

		SECOND("second", 0, 59, null, false), MINUTE("minute", 0, 59, null, false),
		HOUR("hour", 0, 23, null, false), DAY_OF_MONTH("day-of-month", 1, 31, null, true),
		MONTH("month", 1, 12, MONTHS, false), DAY_OF_WEEK("day-of-week", 0, 7, WEEKDAYS, true);

		private final String label;

		private final int min;

		private final int max;

		private final @Nullable Map<String, Integer> names;

		private final boolean specials;

		CronField(String label, int min, int max, @Nullable Map<String, Integer> names, boolean specials) {
			this.label = label;
			this.min = min;
			this.max = max;
			this.names = names;
			this.specials = specials;
		}

		void check(String field, String expression) {
			for (String item : field.split(",", -1)) {
				if (item.isEmpty()) {
					throw error(expression, "has an empty item in '" + field + "'");
				}
				checkItem(item, expression);
			}
		}

		private void checkItem(String item, String expression) {
			String base = item;
			int slash = item.indexOf('/');
			if (slash >= 0) {
				base = item.substring(0, slash);
				String step = item.substring(slash + 1);
				if (!step.matches("\\d{1,4}") || Integer.parseInt(step) == 0) {
					throw error(expression, "has an invalid step '" + step + "' in '" + item + "'");
				}
			}
			if (base.equals("*") || base.equals("?")) {
				return;
			}
			String upper = base.toUpperCase(Locale.ROOT);
			if (this.specials && isSpecial(upper)) {
				return;
			}
			int dash = upper.indexOf('-', 1);
			if (dash > 0) {
				int from = value(upper.substring(0, dash), item, expression);
				int to = value(upper.substring(dash + 1), item, expression);
				if (from > to && this != DAY_OF_WEEK) {
					throw error(expression, "has the backwards range '" + item + "'");
				}
				return;
			}
			value(upper, item, expression);
		}

		private boolean isSpecial(String item) {
			if (this == DAY_OF_MONTH) {
				return item.equals("L") || item.equals("LW") || item.matches("L-\\d{1,2}") || item.matches("\\d{1,2}W");
			}
			return item.equals("L") || item.matches("([0-7]|[A-Z]{3})(L|#[1-5]|#L)");
		}

		private int value(String text, String item, String expression) {
			if (this.names != null && this.names.containsKey(text)) {
				return this.names.get(text);
			}
			if (!text.matches("\\d{1,2}")) {
				throw error(expression, "has the invalid " + this.label + " value '" + text + "' in '" + item + "'");
			}
			int value = Integer.parseInt(text);
			if (value < this.min || value > this.max) {
				throw error(expression, "has the " + this.label + " " + value + " out of range " + this.min + "-"
						+ this.max);
			}
			return value;
		}

		private InvalidScheduleException error(String expression, String problem) {
			return invalid("Cron expression '" + expression + "' " + problem);
		}

	}

}
