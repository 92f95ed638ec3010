package io.pgtrickle.jpa.hibernate;

import java.util.Map;

import javax.sql.DataSource;

import org.hibernate.SessionFactory;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import io.pgtrickle.jpa.StreamTableMappingException;
import io.pgtrickle.jpa.sales.EntityManagerFactories;
import io.pgtrickle.jpa.sales.OrderTotal;
import io.pgtrickle.jpa.sales.SalesDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Integration tests for schema generation with {@link io.pgtrickle.jpa.StreamTable @StreamTable}
 * entities: Hibernate never creates, alters, truncates or drops a stream table, and validation
 * accepts it.
 */
@PgTrickleTest
class StreamTableSchemaGenerationIntegrationTests {

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	StreamTableSchemaGenerationIntegrationTests(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	@BeforeEach
	void createSchema() {
		SalesDatabase.create(this.dataSource);
	}

	@ParameterizedTest
	@ValueSource(strings = { "create", "create-drop", "update", "create-only", "drop" })
	void schemaManagementLeavesStreamTablesAlone(String action) {
		String before = describeStreamTable();
		String rows = SalesDatabase.fingerprint(this.dataSource, "order_totals");
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(this.dataSource,
				Map.of("hibernate.hbm2ddl.auto", action), OrderTotal.class, Note.class);
		boolean notesCreated = tableExists("notes");
		factory.destroy();
		assertThat(describeStreamTable()).isEqualTo(before);
		assertThat(SalesDatabase.fingerprint(this.dataSource, "order_totals")).isEqualTo(rows);
		assertThat(notesCreated).isEqualTo(!action.equals("drop"));
	}

	@Test
	void truncatingMappedTablesLeavesStreamTablesAlone() {
		String rows = SalesDatabase.fingerprint(this.dataSource, "order_totals");
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(this.dataSource,
				Map.of("hibernate.hbm2ddl.auto", "create"), OrderTotal.class, Note.class);
		try {
			this.jdbc.update("INSERT INTO notes (id, text) VALUES (1, 'a note')");
			EntityManagerFactories.get(factory).unwrap(SessionFactory.class).getSchemaManager().truncateMappedObjects();
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM notes", Integer.class)).isZero();
			assertThat(SalesDatabase.fingerprint(this.dataSource, "order_totals")).isEqualTo(rows);
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void validationAcceptsAStreamTableThatHibernateAloneWouldReject() {
		// order_count is an int, mapped as a Long: readable, but not what Hibernate's validator expects
		assertThatException()
			.isThrownBy(() -> EntityManagerFactories.build(this.dataSource, Map.of("hibernate.hbm2ddl.auto", "validate"),
					false, OrderTotal.class))
			.withRootCauseInstanceOf(SchemaManagementException.class)
			.withStackTraceContaining("order_count");
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(this.dataSource,
				Map.of("hibernate.hbm2ddl.auto", "validate"), OrderTotal.class);
		factory.destroy();
	}

	@Test
	void schemaManagementThatWouldChangeStreamTablesIsRefusedWithoutTheFilter() {
		String before = describeStreamTable();
		assertThatException()
			.isThrownBy(() -> EntityManagerFactories.build(this.dataSource, Map.of("hibernate.hbm2ddl.auto", "create"),
					false, OrderTotal.class))
			.havingRootCause()
			.isInstanceOf(StreamTableMappingException.class)
			.withMessageContaining("schema management action is create ")
			.withMessageContaining(OrderTotal.class.getName() + " (table order_totals)")
			.withMessageContaining("hibernate.hbm2ddl.schema_filter_provider")
			.withMessageContaining(StreamTableSchemaFilterProvider.class.getName());
		assertThat(describeStreamTable()).isEqualTo(before);
	}

	@Test
	void aConfiguredFilterProviderIsStillAsked() {
		LocalContainerEntityManagerFactoryBean factory = EntityManagerFactories.build(this.dataSource,
				Map.of("hibernate.hbm2ddl.auto", "create-drop", "hibernate.hbm2ddl.schema_filter_provider",
						NoNotesFilterProvider.class.getName()),
				OrderTotal.class, Note.class);
		boolean notesCreated = tableExists("notes");
		factory.destroy();
		assertThat(notesCreated).isFalse();
	}

	private boolean tableExists(String name) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, name));
	}

	private String describeStreamTable() {
		return this.jdbc.queryForObject("""
				SELECT st.pgt_relid::text || ' ' || c.oid::text || ' '
				       || (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
				           FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) || ' '
				       || (SELECT string_agg(t.tgname, ',' ORDER BY t.tgname) FROM pg_trigger t WHERE t.tgrelid = c.oid)
				FROM pgtrickle.pgt_stream_tables st JOIN pg_class c ON c.oid = st.pgt_relid
				WHERE st.pgt_schema = 'public' AND st.pgt_name = 'order_totals'""", String.class);
	}

	/**
	 * A filter provider of the application's own that keeps table {@code notes} out.
	 */
	public static class NoNotesFilterProvider implements org.hibernate.tool.schema.spi.SchemaFilterProvider {

		private static final org.hibernate.tool.schema.spi.SchemaFilter FILTER = new org.hibernate.tool.schema.spi.SchemaFilter() {

			@Override
			public boolean includeNamespace(org.hibernate.boot.model.relational.Namespace namespace) {
				return true;
			}

			@Override
			public boolean includeTable(org.hibernate.mapping.Table table) {
				return !table.getName().equals("notes");
			}

			@Override
			public boolean includeSequence(org.hibernate.boot.model.relational.Sequence sequence) {
				return true;
			}

		};

		@Override
		public org.hibernate.tool.schema.spi.SchemaFilter getCreateFilter() {
			return FILTER;
		}

		@Override
		public org.hibernate.tool.schema.spi.SchemaFilter getDropFilter() {
			return FILTER;
		}

		@Override
		public org.hibernate.tool.schema.spi.SchemaFilter getTruncatorFilter() {
			return FILTER;
		}

		@Override
		public org.hibernate.tool.schema.spi.SchemaFilter getMigrateFilter() {
			return FILTER;
		}

		@Override
		public org.hibernate.tool.schema.spi.SchemaFilter getValidateFilter() {
			return FILTER;
		}

	}

}
