package io.pgtrickle.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessResourceFailureException;

import io.pgtrickle.core.ExtensionNotInstalledException;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.RefreshTier;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.SchedulerStatus;
import io.pgtrickle.core.StatusSnapshot;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableState;
import io.pgtrickle.core.StreamTableStats;
import io.pgtrickle.core.StreamTableStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Tests for {@link PgTrickleHealthIndicator}.
 */
class PgTrickleHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private final PgTrickleOperations operations = mock(PgTrickleOperations.class);

	private final PgTrickleHealthIndicator indicator = new PgTrickleHealthIndicator(this.operations);

	private @Nullable SchedulerStatus scheduler = SchedulerStatus.RUNNING;

	private boolean standby;

	PgTrickleHealthIndicatorTests() {
		this.indicator.setCacheTimeToLive(Duration.ZERO);
	}

	@Test
	void upWithHealthyStreamTables() {
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "1m", ago(30)),
				state("public.b", StreamTableStatus.ACTIVE, "calculated", ago(3600)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("total", 2)
			.containsEntry("statusCounts", Map.of("ACTIVE", 2))
			.containsEntry("stale", 0)
			.containsEntry("scheduler", "running")
			.containsEntry("streamTables", Map.of());
	}

	@Test
	void upWithoutStreamTables() {
		snapshot();
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("total", 0).containsEntry("statusCounts", Map.of());
	}

	@Test
	void downWhenAStreamTableIsInErrorWithItsLastError() {
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "1m", ago(30)),
				failed("public.b", StreamTableStatus.ERROR, 1, "division by zero"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("statusCounts", Map.of("ACTIVE", 1, "ERROR", 1));
		assertThat(streamTable(health, "public.b")).containsEntry("status", "ERROR")
			.containsEntry("consecutiveErrors", 1)
			.containsEntry("lastError", "division by zero")
			.containsEntry("lastErrorAt", ago(5).toString())
			.containsEntry("staleness", "PT10S")
			.containsEntry("stale", false);
		assertThat(streamTables(health)).doesNotContainKey("public.a");
	}

	@Test
	void downWhenAStreamTableIsSuspended() {
		snapshot(failed("public.b", StreamTableStatus.SUSPENDED, 3, "could not obtain lock"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(streamTable(health, "public.b")).containsEntry("status", "SUSPENDED")
			.containsEntry("consecutiveErrors", 3);
	}

	@Test
	void upWithConsecutiveErrorsOnAnActiveStreamTableButListsIt() {
		snapshot(failed("public.b", StreamTableStatus.ACTIVE, 1, "could not obtain lock"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(streamTable(health, "public.b")).containsEntry("consecutiveErrors", 1)
			.containsEntry("lastError", "could not obtain lock");
	}

	@Test
	void upWithAStatusFromANewerPgTrickleButListsIt() {
		snapshot(state("public.b", StreamTableStatus.UNKNOWN, "1m", ago(10)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(streamTable(health, "public.b")).containsEntry("status", "UNKNOWN");
	}

	@Test
	void durationScheduleIsStaleWhenOverdueByMoreThanTheThreshold() {
		this.indicator.setFreshnessThresholds(Duration.ofMinutes(10), Map.of());
		// Due 5 minutes after the last refresh, so 11 minutes overdue.
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "5m", ago(16 * 60)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("stale", 1);
		assertThat(streamTable(health, "public.a")).containsEntry("stale", true)
			.containsEntry("staleness", "PT16M")
			.containsEntry("overdue", "PT11M")
			.containsEntry("threshold", "PT10M");
	}

	@Test
	void durationScheduleIsFreshWhileOverdueByLessThanTheThreshold() {
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "1h", ago(65 * 60)));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void warmAndColdTiersMultiplyTheInterval() {
		snapshot(state("public.warm", StreamTableStatus.ACTIVE, "5m", RefreshTier.WARM, ago(19 * 60)),
				state("public.cold", StreamTableStatus.ACTIVE, "5m", RefreshTier.COLD, ago(59 * 60)),
				state("public.hot", StreamTableStatus.ACTIVE, "5m", RefreshTier.HOT, ago(16 * 60)));
		Health health = this.indicator.health();
		assertThat(health.getDetails()).containsEntry("stale", 1);
		assertThat(streamTables(health)).containsOnlyKeys("public.hot");
	}

	@Test
	void frozenTierIsNeverStale() {
		snapshot(state("public.frozen", StreamTableStatus.ACTIVE, "5m", RefreshTier.FROZEN, ago(86_400)));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void cronScheduleIsStaleWhenAnOccurrenceWasMissedByMoreThanTheThreshold() {
		// Hourly at minute 0: last refresh 10:00, due 11:00, so 60 minutes overdue at 12:00.
		snapshot(state("public.hourly", StreamTableStatus.ACTIVE, "0 * * * *", Instant.parse("2026-11-24T10:00:00Z")),
				state("public.daily", StreamTableStatus.ACTIVE, "@daily", Instant.parse("2026-11-24T00:00:00Z")));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(streamTables(health)).containsOnlyKeys("public.hourly");
		assertThat(streamTable(health, "public.hourly")).containsEntry("overdue", "PT1H");
	}

	@Test
	void cronScheduleWithSecondsIsUnderstood() {
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "30 */5 * * * *", ago(4 * 60)));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void calculatedScheduleIsNotCheckedWithoutAThresholdOfItsOwn() {
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "calculated", ago(86_400)));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void calculatedScheduleIsCheckedAgainstItsOwnThresholdSinceTheLastRefresh() {
		this.indicator.setFreshnessThresholds(Duration.ofMinutes(10),
				Map.of(StreamTableName.of("public.a"), Duration.ofMinutes(30)));
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "calculated", ago(31 * 60)),
				state("public.b", StreamTableStatus.ACTIVE, "calculated", ago(31 * 60)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(streamTable(health, "public.a")).containsEntry("overdue", "PT31M")
			.containsEntry("threshold", "PT30M");
		assertThat(streamTables(health)).doesNotContainKey("public.b");
	}

	@Test
	void thresholdOfAStreamTableReplacesTheDefault() {
		this.indicator.setFreshnessThresholds(Duration.ofMinutes(10),
				Map.of(StreamTableName.of("public.strict"), Duration.ofSeconds(30),
						StreamTableName.of("public.lenient"), Duration.ofHours(2)));
		snapshot(state("public.strict", StreamTableStatus.ACTIVE, "1m", ago(2 * 60)),
				state("public.lenient", StreamTableStatus.ACTIVE, "1m", ago(60 * 60)));
		Health health = this.indicator.health();
		assertThat(streamTables(health)).containsOnlyKeys("public.strict");
	}

	@Test
	void immediateStreamTableIsNeverStale() {
		snapshot(new StreamTableState(StreamTableName.of("public.a"), StreamTableStatus.ACTIVE, RefreshMode.IMMEDIATE,
				true, 0, null, ago(86_400), ago(86_400), Duration.ofDays(1), null, false, stats(), List.of(),
				RefreshTier.HOT, null, null));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void neverRefreshedStreamTableIsNotStale() {
		snapshot(state("public.a", StreamTableStatus.INITIALIZING, "1m", null));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("statusCounts", Map.of("INITIALIZING", 1));
	}

	@Test
	void haltedStreamTableIsNotCountedAsStale() {
		snapshot(failed("public.b", StreamTableStatus.SUSPENDED, 3, "lock", ago(86_400)));
		Health health = this.indicator.health();
		assertThat(health.getDetails()).containsEntry("stale", 0);
		assertThat(streamTable(health, "public.b")).doesNotContainKeys("overdue", "threshold");
	}

	@Test
	void downWhenTheSchedulerIsNotRunningOnAPrimary() {
		this.scheduler = SchedulerStatus.NOT_RUNNING;
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "1m", ago(10)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("scheduler", "not running");
	}

	@Test
	void upWhenTheSchedulerIsNotRunningOnAStandby() {
		this.scheduler = SchedulerStatus.NOT_RUNNING;
		this.standby = true;
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "1m", ago(10)));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("scheduler", "not running, as expected on a standby");
	}

	@Test
	void upWhileTheSchedulerIsStarting() {
		this.scheduler = SchedulerStatus.STARTING;
		snapshot();
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("scheduler", "starting");
	}

	@Test
	void upWhenTheSchedulerStateIsUnknown() {
		this.scheduler = null;
		snapshot();
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("scheduler", "unknown");
	}

	@Test
	void schedulerIsNotCheckedWhenTheRuleIsDisabled() {
		this.indicator.setSchedulerCheckEnabled(false);
		this.scheduler = SchedulerStatus.NOT_RUNNING;
		snapshot();
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("scheduler", "not checked");
	}

	@Test
	void aCheckIsTheSnapshotQueryAndNothingElse() {
		this.scheduler = SchedulerStatus.NOT_RUNNING;
		snapshot(state("public.a", StreamTableStatus.ACTIVE, "1m", ago(10)));
		this.indicator.health();
		this.indicator.health();
		verify(this.operations, times(2)).statusSnapshot();
		verifyNoMoreInteractions(this.operations);
	}

	@Test
	void downWithAClearMessageWhenTheExtensionIsNotInstalled() {
		given(this.operations.statusSnapshot())
			.willThrow(new ExtensionNotInstalledException("relation pgtrickle.pg_stat_stream_tables does not exist",
					null, null));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("extension", "not installed");
		assertThat(health.getDetails().get("error")).asString()
			.contains("shared_preload_libraries", "CREATE EXTENSION pg_trickle");
	}

	@Test
	void downWithTheErrorWhenTheQueryFails() {
		given(this.operations.statusSnapshot())
			.willThrow(new DataAccessResourceFailureException("Connection refused"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error")).asString().contains("Connection refused");
	}

	@Test
	void downWithinTheTimeoutWhenTheDatabaseHangs() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try {
			willAnswer((invocation) -> {
				release.await(30, TimeUnit.SECONDS);
				return snapshotOf();
			}).given(this.operations).statusSnapshot();
			this.indicator.setTimeout(Duration.ofMillis(200));
			long start = System.nanoTime();
			Health health = this.indicator.health();
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("error")).asString().contains("did not answer within PT0.2S");
			assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void checksWhileAQueryRunsWaitForItInsteadOfQueryingAgain() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger queries = new AtomicInteger();
		willAnswer((invocation) -> {
			queries.incrementAndGet();
			release.await(30, TimeUnit.SECONDS);
			return snapshotOf();
		}).given(this.operations).statusSnapshot();
		this.indicator.setTimeout(Duration.ofSeconds(10));
		ExecutorService probes = Executors.newFixedThreadPool(8);
		try {
			List<Future<Health>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(probes.submit(() -> this.indicator.health()));
			}
			Thread.sleep(200);
			release.countDown();
			for (Future<Health> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.UP);
			}
			assertThat(queries).hasValue(1);
		}
		finally {
			release.countDown();
			probes.shutdownNow();
		}
	}

	@Test
	void resultIsReusedForTheCacheTimeToLive() {
		this.indicator.setCacheTimeToLive(Duration.ofHours(1));
		snapshot();
		this.indicator.health();
		this.indicator.health();
		verify(this.operations, times(1)).statusSnapshot();
	}

	@Test
	void everyCheckQueriesWhenTheCacheIsDisabled() {
		snapshot();
		this.indicator.health();
		this.indicator.health();
		verify(this.operations, times(2)).statusSnapshot();
	}

	@Test
	void failureIsNotCached() {
		this.indicator.setCacheTimeToLive(Duration.ofHours(1));
		given(this.operations.statusSnapshot()).willThrow(new DataAccessResourceFailureException("down"))
			.willReturn(snapshotOf());
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	private void snapshot(StreamTableState... states) {
		given(this.operations.statusSnapshot()).willReturn(snapshotOf(states));
	}

	private StatusSnapshot snapshotOf(StreamTableState... states) {
		return new StatusSnapshot(NOW, List.of(states), this.scheduler, this.standby, List.of());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> streamTables(Health health) {
		return (Map<String, Map<String, Object>>) health.getDetails().get("streamTables");
	}

	private static Map<String, Object> streamTable(Health health, String name) {
		Map<String, Object> details = streamTables(health).get(name);
		assertThat(details).as("details of " + name).isNotNull();
		return details;
	}

	private static Instant ago(long seconds) {
		return NOW.minusSeconds(seconds);
	}

	private static StreamTableState state(String name, StreamTableStatus status, String schedule,
			Instant lastRefresh) {
		return state(name, status, schedule, RefreshTier.HOT, lastRefresh);
	}

	private static StreamTableState state(String name, StreamTableStatus status, String schedule, RefreshTier tier,
			Instant lastRefresh) {
		return new StreamTableState(StreamTableName.of(name), status, RefreshMode.DIFFERENTIAL, lastRefresh != null, 0,
				Schedule.parse(schedule), lastRefresh, lastRefresh,
				(lastRefresh != null) ? Duration.between(lastRefresh, NOW) : null, null, false, stats(), List.of(),
				tier, null, null);
	}

	private static StreamTableState failed(String name, StreamTableStatus status, int errors, String message) {
		return failed(name, status, errors, message, ago(10));
	}

	private static StreamTableState failed(String name, StreamTableStatus status, int errors, String message,
			Instant lastRefresh) {
		return new StreamTableState(StreamTableName.of(name), status, RefreshMode.FULL, true, errors,
				Schedule.parse("1m"), lastRefresh, lastRefresh, Duration.between(lastRefresh, NOW), null, false,
				stats(), List.of(), RefreshTier.HOT, message, ago(5));
	}

	private static StreamTableStats stats() {
		return new StreamTableStats(1, 1, 0, 0, 0, null, "FULL", "COMPLETED");
	}

}
