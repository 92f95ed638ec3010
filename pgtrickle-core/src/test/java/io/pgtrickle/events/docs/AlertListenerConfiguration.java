package io.pgtrickle.events.docs;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.pgtrickle.events.ListenerConnectionFactory;
import io.pgtrickle.events.PgTrickleAlertListener;
import io.pgtrickle.events.StreamTableCacheEvictor;

/**
 * Snippet of "Without Spring Boot".
 */
@Configuration(proxyBeanMethods = false)
public class AlertListenerConfiguration {

	@Bean
	PgTrickleAlertListener pgTrickleAlertListener(@Value("${app.listener.url}") String url,
			@Value("${app.listener.username}") String username, @Value("${app.listener.password}") String password,
			ApplicationEventPublisher eventPublisher) {
		return new PgTrickleAlertListener(ListenerConnectionFactory.of(url, username, password), eventPublisher);
	}

	@Bean
	StreamTableCacheEvictor streamTableCacheEvictor(CacheManager cacheManager) {
		return new StreamTableCacheEvictor(cacheManager, Map.of("public.order_totals", List.of("orderTotals")));
	}

}
