package io.pgtrickle.autoconfigure.docs;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.pgtrickle.autoconfigure.health.PgTrickleHealthIndicator;
import io.pgtrickle.core.PgTrickleTemplate;

/**
 * The configuration of docs/multiple-datasources.md: a template for each of two databases with
 * pg_trickle, and a {@code pgtrickle} health component with one entry per database. The
 * application's primary {@code DataSource} is the {@code @Primary} one; the other is named
 * {@code reportingDataSource}.
 */
@Configuration(proxyBeanMethods = false)
public class TwoDataSourcesPgTrickleConfiguration {

	@Bean
	@Primary
	PgTrickleTemplate pgTrickleTemplate(DataSource dataSource) {
		return new PgTrickleTemplate(dataSource);
	}

	@Bean
	PgTrickleTemplate reportingPgTrickleTemplate(@Qualifier("reportingDataSource") DataSource reportingDataSource) {
		return new PgTrickleTemplate(reportingDataSource);
	}

	@Bean
	HealthContributor pgtrickleHealthContributor(DataSource dataSource,
			@Qualifier("reportingDataSource") DataSource reportingDataSource) {
		return CompositeHealthContributor.fromMap(Map.of("primary", dataSource, "reporting", reportingDataSource),
				PgTrickleHealthIndicator::new);
	}

}
