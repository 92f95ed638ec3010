package io.pgtrickle.autoconfigure.events;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.util.ReflectionTestUtils;

import io.pgtrickle.autoconfigure.PgTrickleAutoConfiguration;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.events.ListenerConnectionFactory;
import io.pgtrickle.events.PgTrickleAlertListener;
import io.pgtrickle.events.StreamTableCacheEvictor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleEventsAutoConfiguration}.
 */
class PgTrickleEventsAutoConfigurationTests {

	private static final String APPLICATION_URL = "jdbc:postgresql://127.0.0.1:1/shop";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PgTrickleEventsAutoConfiguration.class))
		.withPropertyValues("pgtrickle.events.listener.reconnect.initial-delay=1m");

	@Test
	void backsOffWithoutADataSource() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleAlertListener.class)
			.doesNotHaveBean(ListenerConnectionFactory.class)
			.doesNotHaveBean(PgTrickleEventsProperties.class));
	}

	@Test
	void backsOffWithoutThePostgresDriver() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withClassLoader(new FilteredClassLoader(PGConnection.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleAlertListener.class));
	}

	@Test
	void backsOffWithoutSpringBootJdbc() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withClassLoader(new FilteredClassLoader(JdbcConnectionDetails.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleAlertListener.class));
	}

	@Test
	void backsOffWhenEventsAreDisabled() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleAlertListener.class)
				.doesNotHaveBean(ListenerConnectionFactory.class));
	}

	@Test
	void backsOffWhenPgTrickleIsDisabled() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleAlertListener.class));
	}

	@Test
	void backsOffWithSeveralDataSourcesAndNoPrimary() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, SecondDataSourceConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(PgTrickleAlertListener.class));
	}

	@Test
	void createsOneListenerWithDefaults() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.events.listener.reconnect.initial-delay=500ms")
			.run((context) -> {
				assertThat(context).hasSingleBean(PgTrickleAlertListener.class)
					.hasSingleBean(ListenerConnectionFactory.class)
					.doesNotHaveBean(StreamTableCacheEvictor.class);
				PgTrickleAlertListener listener = context.getBean(PgTrickleAlertListener.class);
				assertThat(listener).hasFieldOrPropertyWithValue("dropZeroRowRefreshes", true)
					.hasFieldOrPropertyWithValue("applicationName", "pgtrickle-alert-listener")
					.hasFieldOrPropertyWithValue("keepaliveInterval", Duration.ofSeconds(30))
					.hasFieldOrPropertyWithValue("initialReconnectDelay", Duration.ofMillis(500))
					.hasFieldOrPropertyWithValue("maxReconnectDelay", Duration.ofSeconds(30))
					.hasFieldOrPropertyWithValue("eventPublisher", context.getSourceApplicationContext());
				assertThat(listener.isRunning()).isTrue();
			});
	}

	@Test
	void appliesTheListenerProperties() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.events.drop-zero-row-refreshes=false",
					"pgtrickle.events.listener.application-name=orders-listener",
					"pgtrickle.events.listener.keepalive-interval=10s",
					"pgtrickle.events.listener.reconnect.initial-delay=2s",
					"pgtrickle.events.listener.reconnect.max-delay=1m")
			.run((context) -> assertThat(context.getBean(PgTrickleAlertListener.class))
				.hasFieldOrPropertyWithValue("dropZeroRowRefreshes", false)
				.hasFieldOrPropertyWithValue("applicationName", "orders-listener")
				.hasFieldOrPropertyWithValue("keepaliveInterval", Duration.ofSeconds(10))
				.hasFieldOrPropertyWithValue("initialReconnectDelay", Duration.ofSeconds(2))
				.hasFieldOrPropertyWithValue("maxReconnectDelay", Duration.ofMinutes(1)));
	}

	@Test
	void listenerConnectsWithTheApplicationsConnectionDetails() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, ConnectionDetailsConfiguration.class)
			.run((context) -> assertThat(context.getBean(ListenerConnectionFactory.class))
				.hasFieldOrPropertyWithValue("url", "jdbc:postgresql://app-db:5432/shop")
				.hasFieldOrPropertyWithValue("username", "app")
				.hasFieldOrPropertyWithValue("password", "app-secret")
				.hasToString("jdbc:postgresql://app-db:5432/shop as app"));
	}

	@Test
	void listenerUrlOverridesTheConnectionDetailsAndKeepsTheirCredentials() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, ConnectionDetailsConfiguration.class)
			.withPropertyValues("pgtrickle.events.listener.url=jdbc:postgresql://db-direct:5432/shop?ssl=true")
			.run((context) -> assertThat(context.getBean(ListenerConnectionFactory.class))
				.hasFieldOrPropertyWithValue("url", "jdbc:postgresql://db-direct:5432/shop?ssl=true")
				.hasFieldOrPropertyWithValue("username", "app")
				.hasFieldOrPropertyWithValue("password", "app-secret")
				.hasToString("jdbc:postgresql://db-direct:5432/shop as app"));
	}

	@Test
	void listenerCredentialsOverrideTheConnectionDetails() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, ConnectionDetailsConfiguration.class)
			.withPropertyValues("pgtrickle.events.listener.username=listener",
					"pgtrickle.events.listener.password=listener-secret")
			.run((context) -> assertThat(context.getBean(ListenerConnectionFactory.class))
				.hasFieldOrPropertyWithValue("url", "jdbc:postgresql://app-db:5432/shop")
				.hasFieldOrPropertyWithValue("username", "listener")
				.hasFieldOrPropertyWithValue("password", "listener-secret"));
	}

	@Test
	void listenerSettingsAreReadFromADataSourceWithoutConnectionDetails() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class).run((context) -> {
			SimpleDriverDataSource derived = derivedDataSource(context.getBean(ListenerConnectionFactory.class));
			assertThat(derived.getUrl()).isEqualTo(APPLICATION_URL);
			assertThat(derived.getUsername()).isEqualTo("app");
			assertThat(derived.getPassword()).isEqualTo("app-secret");
			assertThat(derived).isNotSameAs(context.getBean(DataSource.class));
		});
	}

	@Test
	void listenerUrlWithoutCredentialsTakesThemFromTheDataSource() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.events.listener.url=jdbc:postgresql://db-direct:5432/shop")
			.run((context) -> {
				SimpleDriverDataSource derived = derivedDataSource(context.getBean(ListenerConnectionFactory.class));
				assertThat(derived.getUrl()).isEqualTo("jdbc:postgresql://db-direct:5432/shop");
				assertThat(derived.getUsername()).isEqualTo("app");
				assertThat(derived.getPassword()).isEqualTo("app-secret");
			});
	}

	@Test
	void listenerUrlWithCredentialsIsUsedAsItIs() {
		this.contextRunner.withUserConfiguration(OpaqueDataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.events.listener.url=jdbc:postgresql://db-direct:5432/shop",
					"pgtrickle.events.listener.username=listener", "pgtrickle.events.listener.password=secret")
			.run((context) -> assertThat(context.getBean(ListenerConnectionFactory.class))
				.hasToString("jdbc:postgresql://db-direct:5432/shop as listener"));
	}

	@Test
	void dataSourceWhoseSettingsCannotBeReadFailsWithAHint() {
		this.contextRunner.withUserConfiguration(OpaqueDataSourceConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Set pgtrickle.events.listener.url (with username and password), define "
						+ "a ListenerConnectionFactory bean, or turn the listener off with pgtrickle.events.enabled=false"));
	}

	@Test
	void userDefinedConnectionFactoryIsUsed() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, ConnectionFactoryConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ListenerConnectionFactory.class);
				assertThat(context.getBean(PgTrickleAlertListener.class)).hasFieldOrPropertyWithValue("connectionFactory",
						context.getBean("customListenerConnectionFactory"));
			});
	}

	@Test
	void userDefinedListenerReplacesTheAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, ListenerConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(PgTrickleAlertListener.class)
				.hasBean("customListener"));
	}

	@Test
	void cacheEvictorNeedsCacheEvictions() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, CacheConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(StreamTableCacheEvictor.class));
	}

	@Test
	void cacheEvictorNeedsACacheManager() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("pgtrickle.events.cache-evictions[public.order_totals]=orderTotals")
			.run((context) -> assertThat(context).doesNotHaveBean(StreamTableCacheEvictor.class));
	}

	@Test
	void cacheEvictorEvictsTheMappedCaches() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, CacheConfiguration.class)
			.withPropertyValues("pgtrickle.events.cache-evictions[public.order_totals]=orderTotals,customerTotals",
					"pgtrickle.events.cache-evictions[sales.daily]=daily")
			.run((context) -> assertThat(context.getBean(StreamTableCacheEvictor.class).getCacheNames())
				.containsEntry("public.order_totals", List.of("orderTotals", "customerTotals"))
				.containsEntry("sales.daily", List.of("daily"))
				.hasSize(2));
	}

	@Test
	void cacheEvictionsInYamlStyleBind() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, CacheConfiguration.class)
			.withPropertyValues("pgtrickle.events.cache-evictions.[public.order_totals][0]=orderTotals",
					"pgtrickle.events.cache-evictions.[public.order_totals][1]=customerTotals")
			.run((context) -> assertThat(context.getBean(StreamTableCacheEvictor.class).getCacheNames())
				.containsExactly(Map.entry("public.order_totals", List.of("orderTotals", "customerTotals"))));
	}

	@Test
	void unqualifiedCacheEvictionFailsWithAHint() {
		this.contextRunner.withUserConfiguration(DataSourceConfiguration.class, CacheConfiguration.class)
			.withPropertyValues("pgtrickle.events.cache-evictions[order_totals]=orderTotals")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("pgtrickle.events.cache-evictions[public.order_totals]"));
	}

	@Test
	void userDefinedCacheEvictorBacksOff() {
		this.contextRunner
			.withUserConfiguration(DataSourceConfiguration.class, CacheConfiguration.class, CacheEvictorConfiguration.class)
			.withPropertyValues("pgtrickle.events.cache-evictions[public.order_totals]=orderTotals")
			.run((context) -> assertThat(context).hasSingleBean(StreamTableCacheEvictor.class)
				.hasBean("customCacheEvictor"));
	}

	@Test
	void templateOnTheApplicationDataSourceWaitsOnTheListener() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(PgTrickleAutoConfiguration.class))
			.withPropertyValues("pgtrickle.startup-check.mode=off")
			.withUserConfiguration(DataSourceConfiguration.class)
			.run((context) -> assertThat(context.getBean(PgTrickleTemplate.class))
				.hasFieldOrPropertyWithValue("streamTableSignals", context.getBean(PgTrickleAlertListener.class))
				.hasFieldOrPropertyWithValue("applicationEventPublisher", context.getSourceApplicationContext()));
	}

	@Test
	void templateOnAnotherDataSourceDoesNotWaitOnTheListener() {
		this.contextRunner
			.withUserConfiguration(PrimaryDataSourceConfiguration.class, SecondDataSourceConfiguration.class,
					SecondTemplateConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(PgTrickleAlertListener.class);
				assertThat(context.getBean(PgTrickleTemplate.class)).hasFieldOrPropertyWithValue("streamTableSignals",
						null);
			});
	}

	private static SimpleDriverDataSource derivedDataSource(ListenerConnectionFactory factory) {
		assertThat(factory).isInstanceOf(ListenerConnectionFactory.DataSourceConnectionFactory.class);
		Object dataSource = ReflectionTestUtils.getField(factory, "dataSource");
		assertThat(dataSource).isInstanceOf(SimpleDriverDataSource.class);
		return (SimpleDriverDataSource) dataSource;
	}

	private static SimpleDriverDataSource simpleDataSource(String url) {
		return new SimpleDriverDataSource(new Driver(), url, "app", "app-secret");
	}

	@Configuration(proxyBeanMethods = false)
	static class DataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return simpleDataSource(APPLICATION_URL);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryDataSourceConfiguration {

		@Bean
		@Primary
		DataSource dataSource() {
			return simpleDataSource(APPLICATION_URL);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondDataSourceConfiguration {

		@Bean
		DataSource secondDataSource() {
			return simpleDataSource("jdbc:postgresql://127.0.0.1:1/reports");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondTemplateConfiguration {

		@Bean
		PgTrickleTemplate reportsTemplate(@Qualifier("secondDataSource") DataSource secondDataSource) {
			return new PgTrickleTemplate(secondDataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OpaqueDataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return new OpaqueDataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionDetailsConfiguration {

		@Bean
		JdbcConnectionDetails jdbcConnectionDetails() {
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return "app";
				}

				@Override
				public String getPassword() {
					return "app-secret";
				}

				@Override
				public String getJdbcUrl() {
					return "jdbc:postgresql://app-db:5432/shop";
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionFactoryConfiguration {

		@Bean
		ListenerConnectionFactory customListenerConnectionFactory() {
			return ListenerConnectionFactory.of("jdbc:postgresql://127.0.0.1:1/custom", "custom", "custom");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		@Bean
		PgTrickleAlertListener customListener(ApplicationEventPublisher eventPublisher) {
			PgTrickleAlertListener listener = new PgTrickleAlertListener(
					ListenerConnectionFactory.of("jdbc:postgresql://127.0.0.1:1/custom", "custom", "custom"),
					eventPublisher);
			listener.setAutoStartup(false);
			return listener;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CacheConfiguration {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CacheEvictorConfiguration {

		@Bean
		StreamTableCacheEvictor customCacheEvictor(CacheManager cacheManager) {
			return new StreamTableCacheEvictor(cacheManager, Map.of());
		}

	}

	/**
	 * A DataSource whose settings Spring Boot cannot read.
	 */
	static class OpaqueDataSource implements DataSource {

		@Override
		public Connection getConnection() {
			throw new UnsupportedOperationException("not used");
		}

		@Override
		public Connection getConnection(String username, String password) {
			throw new UnsupportedOperationException("not used");
		}

		@Override
		public PrintWriter getLogWriter() {
			return new PrintWriter(System.out);
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> iface) {
			throw new UnsupportedOperationException("not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return false;
		}

	}

}
