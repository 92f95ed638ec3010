package io.pgtrickle.autoconfigure.events;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.autoconfigure.events.PgTrickleEventsProperties.Listener;
import io.pgtrickle.events.ListenerConnectionFactory;
import io.pgtrickle.events.PgTrickleAlertListener;
import io.pgtrickle.events.StreamTableCacheEvictor;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for pg_trickle's application events: one
 * {@link PgTrickleAlertListener} for the application's {@link DataSource} (the primary one when
 * there are several), on a connection of its own outside the pool; the
 * {@link StreamTableCacheEvictor} when {@code pgtrickle.events.cache-evictions} maps stream tables
 * to caches of the application's {@link CacheManager}; and event-driven waiting for the
 * {@link io.pgtrickle.core.PgTrickleTemplate} on the same DataSource.
 */
@AutoConfiguration(after = PgTrickleAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration" })
@ConditionalOnClass({ PgTrickleAlertListener.class, PGConnection.class, JdbcConnectionDetails.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "pgtrickle.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pgtrickle.events.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PgTrickleEventsProperties.class)
public final class PgTrickleEventsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	static class AlertListenerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ListenerConnectionFactory pgTrickleListenerConnectionFactory(PgTrickleEventsProperties properties,
				DataSource dataSource, ObjectProvider<JdbcConnectionDetails> connectionDetails) {
			return ListenerConnectionFactories.create(properties.getListener(), dataSource,
					connectionDetails.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean
		PgTrickleAlertListener pgTrickleAlertListener(ListenerConnectionFactory pgTrickleListenerConnectionFactory,
				ApplicationEventPublisher eventPublisher, PgTrickleEventsProperties properties) {
			PgTrickleAlertListener listener = new PgTrickleAlertListener(pgTrickleListenerConnectionFactory,
					eventPublisher);
			Listener settings = properties.getListener();
			listener.setDropZeroRowRefreshes(properties.isDropZeroRowRefreshes());
			listener.setApplicationName(settings.getApplicationName());
			listener.setKeepaliveInterval(settings.getKeepaliveInterval());
			listener.setInitialReconnectDelay(settings.getReconnect().getInitialDelay());
			listener.setMaxReconnectDelay(settings.getReconnect().getMaxDelay());
			return listener;
		}

		@Bean
		@ConditionalOnMissingBean
		static PgTrickleTemplateSignalsPostProcessor pgTrickleTemplateSignalsPostProcessor(
				ObjectProvider<PgTrickleAlertListener> listener, ObjectProvider<DataSource> dataSource) {
			return new PgTrickleTemplateSignalsPostProcessor(listener, dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(CacheManager.class)
	@Conditional(OnCacheEvictionsCondition.class)
	static class CacheEvictionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StreamTableCacheEvictor streamTableCacheEvictor(CacheManager cacheManager, PgTrickleEventsProperties properties) {
			return new StreamTableCacheEvictor(cacheManager, properties.getCacheEvictions());
		}

	}

}
