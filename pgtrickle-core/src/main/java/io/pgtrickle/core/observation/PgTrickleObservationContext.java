package io.pgtrickle.core.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import io.pgtrickle.core.StreamTableName;

/**
 * The {@link Observation.Context} of one {@link io.pgtrickle.core.PgTrickleTemplate} operation.
 */
public class PgTrickleObservationContext extends Observation.Context {

	private final String operation;

	private @Nullable StreamTableName streamTable;

	private Outcome outcome = Outcome.SUCCESS;

	/**
	 * Create a new context.
	 * @param operation the name of the operation, for example {@code refresh}
	 * @param streamTable the stream table it concerns, if any
	 */
	public PgTrickleObservationContext(String operation, @Nullable StreamTableName streamTable) {
		this.operation = operation;
		this.streamTable = streamTable;
	}

	/**
	 * Return the name of the operation, for example {@code refresh} or {@code createOrReplace}.
	 * @return the operation
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * Return the stream table the operation concerns, schema-qualified once it has been resolved.
	 * @return the stream table, or {@code null} for operations on all of them
	 */
	public @Nullable StreamTableName getStreamTable() {
		return this.streamTable;
	}

	/**
	 * Set the stream table the operation concerns.
	 * @param streamTable the stream table
	 */
	public void setStreamTable(@Nullable StreamTableName streamTable) {
		this.streamTable = streamTable;
	}

	/**
	 * Return the outcome of the operation; {@link Outcome#ERROR} when it failed.
	 * @return the outcome
	 */
	public Outcome getOutcome() {
		return (getError() != null) ? Outcome.ERROR : this.outcome;
	}

	/**
	 * Set the outcome of an operation that did not fail.
	 * @param outcome the outcome
	 */
	public void setOutcome(Outcome outcome) {
		this.outcome = outcome;
	}

	/**
	 * The outcomes of an operation.
	 */
	public enum Outcome {

		/**
		 * The operation did what was asked (including a refresh found unnecessary).
		 */
		SUCCESS("success"),

		/**
		 * A refresh did not run because another refresh of the stream table was in progress.
		 */
		SKIPPED("skipped"),

		/**
		 * The operation failed with an exception.
		 */
		ERROR("error");

		private final String value;

		Outcome(String value) {
			this.value = value;
		}

		/**
		 * Return the value of the {@code outcome} key.
		 * @return the value, for example {@code success}
		 */
		public String getValue() {
			return this.value;
		}

	}

}
