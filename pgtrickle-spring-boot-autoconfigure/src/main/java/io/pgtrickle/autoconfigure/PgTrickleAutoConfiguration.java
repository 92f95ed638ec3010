package io.pgtrickle.autoconfigure;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.observation.PgTrickleObservationConvention;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for pg_trickle: a {@link PgTrickleTemplate}
 * on the application's {@link DataSource} (the primary one when there are several), and the
 * {@link PgTrickleStartupCheck start-up check} of the extension.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ PgTrickleTemplate.class, JdbcTemplate.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "pgtrickle.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PgTrickleProperties.class)
public final class PgTrickleAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	static class PgTrickleTemplateConfiguration {

		@Bean
		@ConditionalOnMissingBean(PgTrickleOperations.class)
		PgTrickleTemplate pgTrickleTemplate(DataSource dataSource, ObjectProvider<ObservationRegistry> observationRegistry,
				ObjectProvider<PgTrickleObservationConvention> observationConvention) {
			PgTrickleTemplate template = new PgTrickleTemplate(dataSource);
			observationRegistry.ifAvailable(template::setObservationRegistry);
			observationConvention.ifAvailable(template::setObservationConvention);
			return template;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(PgTrickleOperations.class)
		@DependsOnDatabaseInitialization
		PgTrickleStartupCheck pgTrickleStartupCheck(PgTrickleOperations pgTrickleOperations,
				PgTrickleProperties properties) {
			return new PgTrickleStartupCheck(pgTrickleOperations, properties.getStartupCheck().getMode());
		}

	}

}
