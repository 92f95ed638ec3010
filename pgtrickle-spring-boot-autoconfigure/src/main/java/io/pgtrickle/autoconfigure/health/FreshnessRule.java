package io.pgtrickle.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;

import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.RefreshTier;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableState;

/**
 * Decides whether a stream table is stale: overdue for its next refresh by more than its
 * threshold. The next refresh is due when pg_trickle's scheduler would run it: the last refresh
 * plus the interval (times the tier's multiplier) for a duration schedule, the next cron
 * occurrence after the last refresh for a cron schedule. pg_trickle refreshes such stream tables
 * when they are due even when nothing changed, so an overdue one means the scheduler is not
 * keeping up. A calculated schedule has no due time (the stream table is refreshed only when its
 * sources change); it is checked only with a threshold of its own, against the time since its last
 * refresh.
 */
final class FreshnessRule {

	private final Duration threshold;

	private final Map<StreamTableName, Duration> thresholds;

	FreshnessRule(Duration threshold, Map<StreamTableName, Duration> thresholds) {
		this.threshold = threshold;
		this.thresholds = Map.copyOf(thresholds);
	}

	Verdict evaluate(StreamTableState state, Instant now) {
		Instant lastRefresh = state.lastRefreshAt();
		if (state.refreshMode() == RefreshMode.IMMEDIATE || lastRefresh == null) {
			return Verdict.NOT_CHECKED;
		}
		Instant due = dueTime(state.schedule(), state.refreshTier(), lastRefresh);
		Duration threshold = this.thresholds.get(state.name());
		if (threshold != null) {
			due = (due != null) ? due : lastRefresh;
		}
		else if (due != null) {
			threshold = this.threshold;
		}
		else {
			return Verdict.NOT_CHECKED;
		}
		Duration overdue = Duration.between(due, now);
		overdue = overdue.isNegative() ? Duration.ZERO : overdue;
		return new Verdict(overdue, threshold, overdue.compareTo(threshold) > 0);
	}

	private static @Nullable Instant dueTime(@Nullable Schedule schedule, RefreshTier tier, Instant lastRefresh) {
		if (schedule == null || tier == RefreshTier.FROZEN) {
			return null;
		}
		return switch (schedule.kind()) {
			case DURATION -> {
				Duration interval = schedule.interval();
				yield (interval != null) ? lastRefresh.plus(interval.multipliedBy(multiplier(tier))) : null;
			}
			case CRON -> nextCronOccurrence(schedule.expression(), lastRefresh);
			case CALCULATED -> null;
		};
	}

	private static long multiplier(RefreshTier tier) {
		return switch (tier) {
			case WARM -> 2;
			case COLD -> 10;
			default -> 1;
		};
	}

	/**
	 * Return the first occurrence of a pg_trickle cron expression (5 fields, 6 fields with leading
	 * seconds, or an {@code @} alias) after the given time, in UTC, or {@code null} when Spring's
	 * cron parser cannot read the expression.
	 */
	private static @Nullable Instant nextCronOccurrence(String expression, Instant after) {
		String trimmed = expression.trim();
		String springExpression = (!trimmed.startsWith("@") && trimmed.split("\\s+").length == 5) ? "0 " + trimmed
				: trimmed;
		if (!CronExpression.isValidExpression(springExpression)) {
			return null;
		}
		ZonedDateTime next = CronExpression.parse(springExpression).next(after.atZone(ZoneOffset.UTC));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * The freshness of one stream table.
	 *
	 * @param overdue how long the stream table is overdue for its next refresh, or {@code null} when
	 * it is not checked
	 * @param threshold the threshold it was checked against, or {@code null} when it is not checked
	 * @param stale whether it is overdue by more than the threshold
	 */
	record Verdict(@Nullable Duration overdue, @Nullable Duration threshold, boolean stale) {

		/**
		 * The verdict on a stream table the rule does not check.
		 */
		static final Verdict NOT_CHECKED = new Verdict(null, null, false);

	}

}
