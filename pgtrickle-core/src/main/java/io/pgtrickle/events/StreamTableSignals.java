package io.pgtrickle.events;

/**
 * Signals that something happened to a stream table, for code that waits for a stream table to
 * change: {@code PgTrickleTemplate}'s {@code awaitFresh}, {@code awaitPopulated} and
 * {@code awaitStatus} wait on these signals while they are {@linkplain #isActive() active}, and poll
 * otherwise. {@link PgTrickleAlertListener} is the implementation: it signals every alert it
 * receives about a stream table, and everything after it reconnects.
 * <p>
 * A signal means "look again", never "the condition holds": the waiter re-reads the stream table.
 */
public interface StreamTableSignals {

	/**
	 * Return whether signals arrive now; when they do not (the listener is not connected), a waiter
	 * must poll.
	 * @return {@code true} if pg_trickle's notifications are being received
	 */
	boolean isActive();

	/**
	 * Call the callback whenever something happens to the stream table, until the subscription is
	 * closed. The callback runs on the signalling thread and must return quickly.
	 * @param streamTable the schema-qualified stream table
	 * @param callback what to run on a signal
	 * @return the subscription, to close when done waiting
	 */
	Subscription subscribe(String streamTable, Runnable callback);

	/**
	 * Signal the subscribers of a stream table, for example after this application refreshed it.
	 * @param streamTable the schema-qualified stream table
	 */
	void signal(String streamTable);

	/**
	 * A subscription to signals; closing it stops them.
	 */
	@FunctionalInterface
	interface Subscription extends AutoCloseable {

		/**
		 * Stop the callbacks of this subscription.
		 */
		@Override
		void close();

	}

}
