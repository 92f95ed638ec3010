package io.pgtrickle.jpa.repository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.util.Assert;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.RefreshResult;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableNotFoundException;

/**
 * The implementation of {@link StreamTableOperations} for one repository's stream table.
 */
final class DefaultStreamTableOperations implements StreamTableOperations {

	private final PgTrickleOperations operations;

	private final StreamTableName name;

	private final Clock clock;

	DefaultStreamTableOperations(PgTrickleOperations operations, StreamTableName name, Clock clock) {
		this.operations = operations;
		this.name = name;
		this.clock = clock;
	}

	@Override
	public StreamTableName streamTableName() {
		return this.name;
	}

	@Override
	public StreamTableInfo streamTableInfo() {
		return this.operations.findInfo(this.name)
			.orElseThrow(() -> new StreamTableNotFoundException("Stream table " + this.name + " does not exist; create "
					+ "it (for example in a migration) before reading its entities", this.name, null));
	}

	@Override
	public Optional<Instant> lastRefreshedAt() {
		return Optional.ofNullable(streamTableInfo().lastRefreshAt());
	}

	@Override
	public boolean isStale() {
		StreamTableInfo info = streamTableInfo();
		Instant lastRefresh = info.lastRefreshAt();
		if (!info.populated() || lastRefresh == null) {
			return true;
		}
		if (info.refreshMode() == RefreshMode.IMMEDIATE) {
			return false;
		}
		Duration interval = (info.schedule() != null) ? info.schedule().interval() : null;
		return interval != null && lastRefresh.plus(interval).isBefore(this.clock.instant());
	}

	@Override
	public boolean isStale(Duration maxAge) {
		Assert.notNull(maxAge, "'maxAge' must not be null");
		Assert.isTrue(!maxAge.isNegative(), "'maxAge' must not be negative");
		Instant lastRefresh = streamTableInfo().lastRefreshAt();
		return lastRefresh == null || lastRefresh.plus(maxAge).isBefore(this.clock.instant());
	}

	@Override
	public RefreshResult refresh() {
		return this.operations.refresh(this.name);
	}

	@Override
	public RefreshResult refreshIfStale(Duration maxAge) {
		return this.operations.refreshIfStale(this.name, maxAge);
	}

	@Override
	public String toString() {
		return "StreamTableOperations[" + this.name + "]";
	}

}
