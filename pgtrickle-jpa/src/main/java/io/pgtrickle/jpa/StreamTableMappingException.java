package io.pgtrickle.jpa;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.pgtrickle.core.PgTrickleException;

/**
 * Thrown when {@link StreamTable @StreamTable} entities do not match the database or are configured
 * in a way that cannot work; the message lists every problem and how to fix it.
 *
 * @see StreamTableMappingVerifier
 */
public class StreamTableMappingException extends PgTrickleException {

	private final List<StreamTableMappingProblem> problems;

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param problems the problems found, possibly empty
	 */
	public StreamTableMappingException(String message, List<StreamTableMappingProblem> problems) {
		this(message, problems, null);
	}

	/**
	 * Create a new instance.
	 * @param message the detail message
	 * @param problems the problems found, possibly empty
	 * @param cause the cause, if any
	 */
	public StreamTableMappingException(String message, List<StreamTableMappingProblem> problems,
			@Nullable Throwable cause) {
		super(message, null, cause);
		this.problems = List.copyOf(problems);
	}

	/**
	 * Return the problems found.
	 * @return the problems, errors first
	 */
	public List<StreamTableMappingProblem> getProblems() {
		return this.problems;
	}

}
