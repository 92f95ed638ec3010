package io.pgtrickle.flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static io.pgtrickle.flyway.MigrationTestSupport.columns;
import static io.pgtrickle.flyway.MigrationTestSupport.tableExists;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for stream table migrations run by Spring Boot's Flyway auto-configuration:
 * migrations Flyway finds on the classpath and migrations that are beans run in version order
 * with SQL migrations, on Flyway's own {@code DataSource} and transaction.
 */
@PgTrickleTest
class FlywayAutoConfigurationIntegrationTests {

	private final PgTrickleDatabase database;

	private final JdbcTemplate jdbc;

	private final ApplicationContextRunner contextRunner;

	private String schema = "";

	FlywayAutoConfigurationIntegrationTests(PgTrickleDatabase database) {
		this.database = database;
		this.jdbc = new JdbcTemplate(database.dataSource());
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withUserConfiguration(ApplicationDataSourceConfiguration.class)
			.withBean("flywayDataSource", DataSource.class, database::dataSource,
					(definition) -> ((AbstractBeanDefinition) definition)
						.addQualifier(new AutowireCandidateQualifier(FlywayDataSource.class)))
			.withPropertyValues("spring.flyway.locations=classpath:io/pgtrickle/flyway/boot/migration");
	}

	@BeforeEach
	void newSchema() {
		this.schema = MigrationTestSupport.newSchema();
	}

	@Test
	void runsBeanAndClasspathMigrationsInVersionOrderAlongsideSqlMigrations() {
		this.contextRunner.withBean(StreamTableMigrationIntegrationTests.V3__sales_by_customer_v2.class)
			.withPropertyValues("spring.flyway.schemas=" + this.schema)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(history()).extracting((row) -> row.get("version") + " " + row.get("type") + " "
						+ row.get("script") + " " + row.get("success"))
					.containsExactly("1 SQL V1__create_orders.sql true",
							"2 JDBC io.pgtrickle.flyway.boot.migration.V2__create_sales_by_customer true",
							"3 JDBC io.pgtrickle.flyway.StreamTableMigrationIntegrationTests$V3__sales_by_customer_v2 true",
							"4 SQL V4__create_big_customers_view.sql true");
				assertThat(new PgTrickleTemplate(this.database.dataSource())
					.exists(StreamTableName.of(this.schema, "sales_by_customer"))).isTrue();
				assertThat(columns(this.jdbc, this.schema, "sales_by_customer")).contains("order_count");
				assertThat(this.jdbc.queryForList("SELECT customer_id FROM " + this.schema + ".big_customers",
						Long.class))
					.containsExactly(1L);
			});
	}

	@Test
	void beanMigrationTakesPartInFlywaysTransaction() {
		this.contextRunner.withBean(StreamTableMigrationIntegrationTests.V3__create_broken_sales.class)
			.withPropertyValues("spring.flyway.schemas=" + this.schema, "spring.flyway.group=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("Migration V3__create_broken_sales could not create stream table "
							+ "broken_sales (query from db/stream-tables/broken_sales_v01.sql)");
				assertThat(history()).isEmpty();
				assertThat(tableExists(this.jdbc, this.schema, "orders")).isFalse();
				assertThat(tableExists(this.jdbc, this.schema, "sales_by_customer")).isFalse();
				assertThat(this.jdbc.queryForObject("SELECT count(*) FROM pgtrickle.pgt_stream_tables WHERE "
						+ "pgt_schema = ?", Long.class, this.schema)).isZero();
			});
	}

	private List<Map<String, Object>> history() {
		return this.jdbc.queryForList("SELECT version, type, script, success FROM " + this.schema
				+ ".flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationDataSourceConfiguration {

		@Bean
		@Primary
		DataSource applicationDataSource() {
			return new ApplicationOnlyDataSource();
		}

	}

	/**
	 * The application's {@code DataSource}, which migrations must not use.
	 */
	static class ApplicationOnlyDataSource extends AbstractDataSource {

		@Override
		public Connection getConnection() throws SQLException {
			throw new SQLException("The application's DataSource was used while migrating");
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

	}

}
