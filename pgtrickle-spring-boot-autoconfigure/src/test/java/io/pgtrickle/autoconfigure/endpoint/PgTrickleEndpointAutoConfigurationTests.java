package io.pgtrickle.autoconfigure.endpoint;

import java.util.Collection;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.core.PgTrickleOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link PgTrickleEndpointAutoConfiguration}.
 */
class PgTrickleEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgTrickleAutoConfiguration.class,
				PgTrickleEndpointAutoConfiguration.class))
		.withUserConfiguration(DataSourceConfiguration.class)
		.withPropertyValues("pgtrickle.startup-check.mode=off");

	private final WebApplicationContextRunner webContextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgTrickleAutoConfiguration.class,
				PgTrickleEndpointAutoConfiguration.class, EndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class))
		.withUserConfiguration(DataSourceConfiguration.class)
		.withPropertyValues("pgtrickle.startup-check.mode=off", "management.endpoints.web.exposure.include=pgtrickle");

	@Test
	void createsTheEndpointAndItsWebExtensionWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=pgtrickle")
			.run((context) -> assertThat(context).hasSingleBean(PgTrickleEndpoint.class)
				.hasSingleBean(PgTrickleEndpointWebExtension.class));
	}

	@Test
	void backsOffWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleEndpoint.class)
			.doesNotHaveBean(PgTrickleEndpointWebExtension.class));
	}

	@Test
	void backsOffWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=pgtrickle",
					"management.endpoint.pgtrickle.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=pgtrickle")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PgTrickleEndpoint.class));
	}

	@Test
	void backsOffWithoutPgTrickleSupport() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=pgtrickle", "pgtrickle.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleEndpoint.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=pgtrickle")
			.withBean("userEndpoint", PgTrickleEndpoint.class, () -> new PgTrickleEndpoint(mock(PgTrickleOperations.class)))
			.run((context) -> assertThat(context).getBean(PgTrickleEndpoint.class)
				.isSameAs(context.getBean("userEndpoint")));
	}

	@Test
	void createsNoWebExtensionWhenExposedOverJmxOnly() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=pgtrickle")
			.run((context) -> assertThat(context).hasSingleBean(PgTrickleEndpoint.class)
				.doesNotHaveBean(PgTrickleEndpointWebExtension.class));
	}

	@Test
	void writeOperationsAreOffByDefault() {
		this.webContextRunner.run((context) -> assertThat(operationTypes(context)).containsOnly(OperationType.READ));
	}

	@Test
	void writeOperationsAreOnWithUnrestrictedAccess() {
		this.webContextRunner.withPropertyValues("management.endpoint.pgtrickle.access=UNRESTRICTED")
			.run((context) -> assertThat(operationTypes(context)).contains(OperationType.READ, OperationType.WRITE));
	}

	private static Collection<OperationType> operationTypes(ApplicationContext context) {
		ExposableWebEndpoint endpoint = context.getBean(WebEndpointsSupplier.class)
			.getEndpoints()
			.stream()
			.filter((candidate) -> candidate.getEndpointId().equals(EndpointId.of("pgtrickle")))
			.findFirst()
			.orElseThrow();
		return endpoint.getOperations().stream().map(WebOperation::getType).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class DataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource();
		}

	}

}
