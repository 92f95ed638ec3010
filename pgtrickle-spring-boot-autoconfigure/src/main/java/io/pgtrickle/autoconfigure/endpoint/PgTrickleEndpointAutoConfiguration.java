package io.pgtrickle.autoconfigure.endpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.core.PgTrickleOperations;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link PgTrickleEndpoint}, on the
 * application's {@link PgTrickleOperations} (the primary one when there are several).
 */
@AutoConfiguration(after = PgTrickleAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(PgTrickleEndpoint.class)
public final class PgTrickleEndpointAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(PgTrickleOperations.class)
	static class PgTrickleEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PgTrickleEndpoint pgTrickleEndpoint(PgTrickleOperations pgTrickleOperations) {
			return new PgTrickleEndpoint(pgTrickleOperations);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(PgTrickleEndpoint.class)
		@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
		PgTrickleEndpointWebExtension pgTrickleEndpointWebExtension(PgTrickleEndpoint pgTrickleEndpoint) {
			return new PgTrickleEndpointWebExtension(pgTrickleEndpoint);
		}

	}

}
