package io.pgtrickle.jpa.docs;

import java.math.BigDecimal;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import io.pgtrickle.jpa.StreamTableMappingVerifier;
import io.pgtrickle.jpa.docs.plain.BigOrders;
import io.pgtrickle.jpa.docs.plain.PlainJpaConfiguration;
import io.pgtrickle.jpa.docs.rowid.VisitCount;
import io.pgtrickle.jpa.sales.EntityManagerFactories;
import io.pgtrickle.jpa.sales.SalesContext;
import io.pgtrickle.jpa.sales.SalesDatabase;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Runs the documentation's plain-Spring configuration and row-id mapping.
 */
@PgTrickleTest
class PlainJpaConfigurationIntegrationTests {

	@Test
	void plainSpringConfigurationReadsStreamTables(PgTrickleDatabase database) {
		SalesDatabase.create(database.dataSource());
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			HikariDataSource dataSource = SalesContext.dataSource(database);
			context.registerBean(DataSource.class, () -> dataSource, (definition) -> definition.setDestroyMethodName("close"));
			context.register(PlainJpaConfiguration.class);
			context.refresh();
			BigOrders bigOrders = context.getBean(BigOrders.class);
			assertThat(bigOrders.findAll()).isNotEmpty()
				.allSatisfy((order) -> assertThat(order.getAmount()).isGreaterThan(new BigDecimal(400)));
			assertThat(bigOrders.isStale()).isFalse();
		}
	}

	@Test
	void rowIdIsASafeIdOfAnAggregateWhileItIsABigint(PgTrickleDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		jdbc.execute("CREATE TABLE page_hits (id bigint PRIMARY KEY, page text NOT NULL)");
		jdbc.execute("INSERT INTO page_hits SELECT i, 'page ' || (i % 4) FROM generate_series(1, 40) i");
		jdbc.execute("SELECT pgtrickle.create_stream_table(name => 'public.page_views', query => 'SELECT page, "
				+ "count(*) AS views FROM page_hits GROUP BY page', schedule => '1h')");
		assumeThat(jdbc.queryForObject("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
				+ "WHERE attrelid = 'page_views'::regclass AND attname = '__pgt_row_id'", String.class))
			.as("row ids are bigint before pg_trickle 0.87.16")
			.isEqualTo("bigint");
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(database.dataSource(), Map.of(),
				VisitCount.class);
		try {
			assertThat(new StreamTableMappingVerifier(EntityManagerFactories.get(factory)).verify()).isEmpty();
			assertThat(EntityManagerFactories.get(factory).createEntityManager()
				.createQuery("SELECT v FROM VisitCount v ORDER BY v.page", VisitCount.class)
				.getResultList()).extracting(VisitCount::getViews).containsExactly(10L, 10L, 10L, 10L);
		}
		finally {
			factory.destroy();
		}
	}

}
