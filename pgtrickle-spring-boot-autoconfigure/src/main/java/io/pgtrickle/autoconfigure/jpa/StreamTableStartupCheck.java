package io.pgtrickle.autoconfigure.jpa;

import java.util.List;

import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.Assert;

import io.pgtrickle.autoconfigure.jpa.PgTrickleJpaProperties.StartupCheck.Mode;
import io.pgtrickle.jpa.StreamTableMappingException;
import io.pgtrickle.jpa.StreamTableMappingProblem;
import io.pgtrickle.jpa.StreamTableMappingProblem.Severity;
import io.pgtrickle.jpa.StreamTableMappingVerifier;

/**
 * Checks, once every singleton is created (so after database migrations), that the
 * {@link io.pgtrickle.jpa.StreamTable @StreamTable} entities of every entity manager factory match
 * their stream tables, with {@link StreamTableMappingVerifier}: one query per entity manager factory.
 * What happens on a mismatch depends on the {@link Mode}.
 */
public class StreamTableStartupCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(StreamTableStartupCheck.class);

	private final ObjectProvider<EntityManagerFactory> entityManagerFactories;

	private final Mode mode;

	/**
	 * Create a new instance.
	 * @param entityManagerFactories the entity manager factories whose entities are checked
	 * @param mode what to do on a mismatch
	 */
	public StreamTableStartupCheck(ObjectProvider<EntityManagerFactory> entityManagerFactories, Mode mode) {
		Assert.notNull(entityManagerFactories, "'entityManagerFactories' must not be null");
		Assert.notNull(mode, "'mode' must not be null");
		this.entityManagerFactories = entityManagerFactories;
		this.mode = mode;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.mode == Mode.OFF) {
			return;
		}
		this.entityManagerFactories.orderedStream().forEach(this::check);
	}

	private void check(EntityManagerFactory entityManagerFactory) {
		List<StreamTableMappingProblem> problems;
		try {
			problems = new StreamTableMappingVerifier(entityManagerFactory).verify();
		}
		catch (StreamTableMappingException ex) {
			report(ex.getProblems(), ex);
			return;
		}
		report(problems, null);
	}

	private void report(List<StreamTableMappingProblem> problems, @Nullable StreamTableMappingException cause) {
		boolean failed = problems.stream().anyMatch((problem) -> problem.severity() == Severity.ERROR);
		if (failed && this.mode == Mode.FAIL) {
			throw new StreamTableMappingException(StreamTableMappingVerifier.describe(problems) + System.lineSeparator()
					+ "To start anyway, set pgtrickle.jpa.startup-check.mode to warn (or off to skip the check).",
					problems, cause);
		}
		for (StreamTableMappingProblem problem : problems) {
			logger.warn(problem.message());
		}
	}

}
