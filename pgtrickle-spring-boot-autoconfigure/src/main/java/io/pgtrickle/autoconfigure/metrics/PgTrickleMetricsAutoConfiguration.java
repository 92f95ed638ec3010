package io.pgtrickle.autoconfigure.metrics;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.autoconfigure.PgTrickleProperties;
import io.pgtrickle.core.InvalidStreamTableNameException;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.StatusSnapshotCache;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.micrometer.MetricsReporterElection;
import io.pgtrickle.micrometer.PgTrickleMetrics;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link PgTrickleMetrics}: pg_trickle's
 * meters in the application's {@link MeterRegistry}, read through the {@link StatusSnapshotCache}
 * that the health indicator shares.
 */
@AutoConfiguration(after = PgTrickleAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, PgTrickleMetrics.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(PgTrickleOperations.class)
@ConditionalOnBooleanProperty(name = "pgtrickle.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ PgTrickleMetricsProperties.class, PgTrickleProperties.class })
public final class PgTrickleMetricsAutoConfiguration {

	private static final String INCLUDE = "pgtrickle.metrics.stream-tables.include";

	private static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(1);

	/**
	 * The snapshot cache shared by the meters and the health indicator. Its time to live is
	 * {@code pgtrickle.health.cache.time-to-live}, or one second when that is zero (the health
	 * indicator then does not use it).
	 * @param operations the operations
	 * @param properties pg_trickle's properties
	 * @return the cache
	 */
	@Bean
	@ConditionalOnMissingBean
	StatusSnapshotCache pgTrickleStatusSnapshotCache(PgTrickleOperations operations, PgTrickleProperties properties) {
		Duration timeToLive = properties.getHealth().getCache().getTimeToLive();
		return new StatusSnapshotCache(operations,
				(timeToLive.isZero() || timeToLive.isNegative()) ? DEFAULT_TIME_TO_LIVE : timeToLive);
	}

	@Bean
	@ConditionalOnMissingBean
	PgTrickleMetrics pgTrickleMetrics(StatusSnapshotCache pgTrickleStatusSnapshotCache,
			PgTrickleMetricsProperties properties, ObjectProvider<MetricsReporterElection> election) {
		PgTrickleMetrics metrics = new PgTrickleMetrics(pgTrickleStatusSnapshotCache, Tags.empty(),
				streamTableFilter(properties.getStreamTables()), properties.getCdcSources().isEnabled());
		election.ifUnique(metrics::setReporting);
		return metrics;
	}

	private static Predicate<StreamTableName> streamTableFilter(PgTrickleMetricsProperties.StreamTables properties) {
		if (!properties.isEnabled()) {
			return (name) -> false;
		}
		if (properties.getInclude().isEmpty()) {
			return (name) -> true;
		}
		Set<StreamTableName> include = new LinkedHashSet<>();
		for (String value : properties.getInclude()) {
			StreamTableName name;
			try {
				name = StreamTableName.of(value);
			}
			catch (InvalidStreamTableNameException ex) {
				throw new InvalidConfigurationPropertyValueException(INCLUDE, value, ex.getMessage());
			}
			if (!name.isQualified()) {
				throw new InvalidConfigurationPropertyValueException(INCLUDE, value,
						"A stream table name needs its schema, for example 'public." + value + "'.");
			}
			include.add(name);
		}
		return include::contains;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcConnectionDetails.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	@ConditionalOnBooleanProperty("pgtrickle.metrics.election.enabled")
	static class ElectionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MetricsReporterElection pgTrickleMetricsReporterElection(DataSource dataSource,
				ObjectProvider<JdbcConnectionDetails> connectionDetails, PgTrickleMetricsProperties properties,
				Environment environment) {
			PgTrickleMetricsProperties.Election election = properties.getElection();
			String name = election.getName();
			if (name == null) {
				name = environment.getProperty("spring.application.name", "application");
			}
			MetricsReporterElection reporterElection = new MetricsReporterElection(
					electionDataSource(dataSource, connectionDetails.getIfAvailable()), name);
			reporterElection.setInterval(election.getInterval());
			return reporterElection;
		}

		/**
		 * A data source that does not pool, with the application's connection settings: the
		 * reporter holds its lock on a connection for as long as it reports.
		 */
		private static DataSource electionDataSource(DataSource dataSource,
				@Nullable JdbcConnectionDetails connectionDetails) {
			if (connectionDetails != null) {
				return DataSourceBuilder.create(dataSource.getClass().getClassLoader())
					.type(SimpleDriverDataSource.class)
					.driverClassName(connectionDetails.getDriverClassName())
					.url(connectionDetails.getJdbcUrl())
					.username(connectionDetails.getUsername())
					.password(connectionDetails.getPassword())
					.build();
			}
			try {
				return DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class).build();
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("Cannot tell how the pg_trickle metrics election should connect: the "
						+ "settings of DataSource " + dataSource.getClass().getName() + " cannot be read. Define a "
						+ "MetricsReporterElection bean, or set pgtrickle.metrics.election.enabled=false", ex);
			}
		}

	}

}
