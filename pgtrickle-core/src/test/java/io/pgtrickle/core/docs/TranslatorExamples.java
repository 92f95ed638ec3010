package io.pgtrickle.core.docs;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleExceptionTranslator;
import io.pgtrickle.core.PgTrickleTemplate;

/**
 * Snippets of "Set up the template" and "Translate pg_trickle's errors in your own SQL".
 */
public class TranslatorExamples {

	public PgTrickleTemplate pgTrickleTemplate(DataSource dataSource, ObservationRegistry observationRegistry) {
		PgTrickleTemplate template = new PgTrickleTemplate(dataSource);
		template.setObservationRegistry(observationRegistry);
		return template;
	}

	public JdbcTemplate translatingJdbcTemplate(DataSource dataSource) {
		JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
		jdbcTemplate.setExceptionTranslator(new PgTrickleExceptionTranslator(jdbcTemplate.getExceptionTranslator()));
		return jdbcTemplate;
	}

}
