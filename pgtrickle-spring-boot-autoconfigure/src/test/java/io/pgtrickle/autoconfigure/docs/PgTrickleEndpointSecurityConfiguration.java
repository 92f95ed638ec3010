package io.pgtrickle.autoconfigure.docs;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

import io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpoint;

/**
 * The security configuration of docs/observability.md ("Secure the write operations"): anyone may
 * read the Actuator endpoints, only users with the role {@code PGTRICKLE_ADMIN} may refresh, suspend
 * or resume a stream table through the {@code pgtrickle} endpoint.
 */
@Configuration(proxyBeanMethods = false)
public class PgTrickleEndpointSecurityConfiguration {

	@Bean
	SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http) {
		RequestMatcher pgtrickle = EndpointRequest.to(PgTrickleEndpoint.class);
		RequestMatcher pgtrickleWrites = (request) -> HttpMethod.POST.matches(request.getMethod())
				&& pgtrickle.matches(request);
		http.securityMatcher(EndpointRequest.toAnyEndpoint());
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(pgtrickleWrites)
			.hasRole("PGTRICKLE_ADMIN")
			.anyRequest()
			.permitAll());
		http.httpBasic(Customizer.withDefaults());
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(pgtrickle));
		return http.build();
	}

}
