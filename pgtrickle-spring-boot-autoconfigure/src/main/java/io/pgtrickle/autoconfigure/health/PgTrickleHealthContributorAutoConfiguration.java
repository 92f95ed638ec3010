package io.pgtrickle.autoconfigure.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.autoconfigure.PgTrickleProperties;
import io.pgtrickle.core.InvalidStreamTableNameException;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.StatusSnapshotCache;
import io.pgtrickle.core.StreamTableName;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link PgTrickleHealthIndicator}: a
 * {@code pgtrickle} health component for the stream tables in the application's (primary)
 * {@link DataSource}.
 */
@AutoConfiguration(after = PgTrickleAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(PgTrickleOperations.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnEnabledHealthIndicator("pgtrickle")
@EnableConfigurationProperties(PgTrickleProperties.class)
public final class PgTrickleHealthContributorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	static class PgTrickleHealthIndicatorConfiguration {

		private static final String PROPERTY = "pgtrickle.health.freshness.tables";

		@Bean
		@ConditionalOnMissingBean(name = { "pgtrickleHealthIndicator", "pgtrickleHealthContributor" })
		PgTrickleHealthIndicator pgtrickleHealthIndicator(DataSource dataSource, PgTrickleProperties properties,
				ObjectProvider<StatusSnapshotCache> statusSnapshotCache) {
			PgTrickleProperties.Health health = properties.getHealth();
			PgTrickleHealthIndicator indicator = new PgTrickleHealthIndicator(dataSource);
			indicator.setTimeout(health.getTimeout());
			indicator.setCacheTimeToLive(health.getCache().getTimeToLive());
			indicator.setFreshnessThresholds(health.getFreshness().getThreshold(),
					thresholds(health.getFreshness().getTables()));
			indicator.setSchedulerCheckEnabled(health.getScheduler().isEnabled());
			if (!health.getCache().getTimeToLive().isZero()) {
				// Shared with pg_trickle's meters: a scrape and a health check cost one query.
				statusSnapshotCache.ifUnique(indicator::setStatusSnapshots);
			}
			return indicator;
		}

		private static Map<StreamTableName, Duration> thresholds(Map<String, Duration> tables) {
			Map<StreamTableName, Duration> thresholds = new LinkedHashMap<>();
			tables.forEach((key, threshold) -> {
				StreamTableName name;
				try {
					name = StreamTableName.of(key);
				}
				catch (InvalidStreamTableNameException ex) {
					throw new InvalidConfigurationPropertyValueException(PROPERTY, key, ex.getMessage());
				}
				if (!name.isQualified()) {
					throw new InvalidConfigurationPropertyValueException(PROPERTY, key,
							"A stream table name needs its schema, for example 'public." + key + "'.");
				}
				thresholds.put(name, threshold);
			});
			return thresholds;
		}

	}

}
