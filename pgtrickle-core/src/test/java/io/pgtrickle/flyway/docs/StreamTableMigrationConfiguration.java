package io.pgtrickle.flyway.docs;

// tag::configuration[]
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.pgtrickle.flyway.DeferredInitializationCallback;

@Configuration(proxyBeanMethods = false)
public class StreamTableMigrationConfiguration {

	@Bean
	DeferredInitializationCallback deferredInitializationCallback() {
		return new DeferredInitializationCallback();
	}

}
// end::configuration[]
