package io.pgtrickle.core;

import org.jspecify.annotations.Nullable;

/**
 * What a refresh call did. pg_trickle returns normally when it skips a refresh because another
 * refresh of the same stream table holds its lock, and only says so in a {@code NOTICE}; the
 * template reads that notice and reports {@link Outcome#SKIPPED}. Call {@link #orThrow()} to turn a
 * skipped refresh into a {@link RefreshSkippedException}.
 *
 * @param streamTable the schema-qualified stream table
 * @param outcome what happened
 * @param notice the server's notice for a skipped refresh, or {@code null}
 */
public record RefreshResult(StreamTableName streamTable, Outcome outcome, @Nullable String notice) {

	/**
	 * Return whether the refresh ran.
	 * @return {@code true} if the outcome is {@link Outcome#REFRESHED}
	 */
	public boolean isRefreshed() {
		return this.outcome == Outcome.REFRESHED;
	}

	/**
	 * Return whether the refresh was skipped because another refresh was in progress.
	 * @return {@code true} if the outcome is {@link Outcome#SKIPPED}
	 */
	public boolean isSkipped() {
		return this.outcome == Outcome.SKIPPED;
	}

	/**
	 * Return this result, or throw if the refresh was skipped.
	 * @return this result, whose outcome is {@link Outcome#REFRESHED} or {@link Outcome#FRESH}
	 * @throws RefreshSkippedException if the refresh was skipped
	 */
	public RefreshResult orThrow() {
		if (this.outcome == Outcome.SKIPPED) {
			throw new RefreshSkippedException("Refresh of stream table " + this.streamTable + " was skipped because "
					+ "another refresh of it was in progress" + ((this.notice != null) ? " (" + this.notice + ")" : "")
					+ "; retry later, or wait for it with awaitFresh", this.streamTable, null);
		}
		return this;
	}

	/**
	 * The outcomes of a refresh call.
	 */
	public enum Outcome {

		/**
		 * The refresh ran in the caller's transaction; its result becomes visible to others when that
		 * transaction commits.
		 */
		REFRESHED,

		/**
		 * The refresh did not run: another session was refreshing the stream table.
		 */
		SKIPPED,

		/**
		 * The refresh was not needed: the stream table was refreshed recently enough (only from
		 * {@link PgTrickleOperations#refreshIfStale refreshIfStale}).
		 */
		FRESH

	}

}
