package io.pgtrickle.benchmarks;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.pgtrickle.benchmarks.jpa.PlainOrderTotal;
import io.pgtrickle.benchmarks.jpa.StreamOrderTotal;
import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.jpa.StreamTableMappingVerifier;
import io.pgtrickle.jpa.hibernate.StreamTableHibernateSettings;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

/**
 * Reading {@code @StreamTable} entities (by id among 10,000 rows, and one of the first 50 pages of 20
 * of a sorted list) against the same entity
 * mapped as an ordinary {@code @Entity} on a plain table with the same rows and a primary key. Each
 * side has its own entity manager factory: the stream-table one with pgtrickle-jpa's settings and
 * listeners, the plain one with none, so the plain side is Hibernate alone. Every operation opens and
 * closes an {@link EntityManager}, as a request would.
 * <p>
 * The two sides of an operation run at the same time, in one JMH group with a thread each, so that
 * they share the machine (and whatever else runs on it) equally; their throughputs are comparable
 * with each other, not with single-threaded figures.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StreamTableEntityBenchmark
 * </pre>
 * The ratio to report is {@code streamTable*} over {@code plainTable*} within each group. The
 * {@code pageSql} group sends the page query that Hibernate generates through plain JDBC, on the same
 * pool, to tell how much of a difference in the {@code page} group the database accounts for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
public class StreamTableEntityBenchmark {

	private static final int CUSTOMERS = 10_000;

	private static final int PAGE_SIZE = 20;

	private static final int PAGES = 50;

	private static final String PAGE_OF_STREAM_TABLE = "SELECT o FROM StreamOrderTotal o ORDER BY o.customerId";

	private static final String PAGE_OF_PLAIN_TABLE = "SELECT o FROM PlainOrderTotal o ORDER BY o.customerId";

	private static final String PAGE_SQL_OF_STREAM_TABLE = """
			SELECT customer_id, order_count, total FROM public.order_totals
			ORDER BY customer_id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY""";

	private static final String PAGE_SQL_OF_PLAIN_TABLE = """
			SELECT customer_id, order_count, total FROM public.plain_order_totals
			ORDER BY customer_id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY""";

	private PgTrickleDatabase database;

	private HikariDataSource dataSource;

	private LocalContainerEntityManagerFactoryBean streamTableFactoryBean;

	private LocalContainerEntityManagerFactoryBean plainTableFactoryBean;

	private EntityManagerFactory streamTableFactory;

	private EntityManagerFactory plainTableFactory;

	private JdbcTemplate jdbc;

	@Setup(Level.Trial)
	public void setUp() {
		this.database = PgTrickleDatabases.create("jpa-benchmark");
		JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());
		jdbc.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(12, 2) NOT NULL)");
		jdbc.update("INSERT INTO orders SELECT i, 1 + i % ?, (i * 7 % 500) + 0.25 FROM generate_series(1, ?) i",
				CUSTOMERS, CUSTOMERS * 10);
		new PgTrickleTemplate(this.database.dataSource()).create(StreamTableDefinition
			.builder("public.order_totals",
					"SELECT customer_id, sum(amount) AS total, count(*) AS order_count FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
		boolean keyIndexed = Boolean.TRUE.equals(jdbc.queryForObject("""
				SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
				               AND a.attnum = i.indkey[0]
				               WHERE i.indrelid = 'order_totals'::regclass AND a.attname = 'customer_id')""",
				Boolean.class));
		if (!keyIndexed) {
			// what the documentation tells users to do for a key pg_trickle does not index
			jdbc.execute("CREATE INDEX ON order_totals (customer_id)");
		}
		jdbc.execute("CREATE TABLE plain_order_totals AS SELECT customer_id, total, order_count FROM order_totals");
		jdbc.execute("ALTER TABLE plain_order_totals ADD PRIMARY KEY (customer_id)");
		jdbc.execute("ANALYZE order_totals");
		jdbc.execute("ANALYZE plain_order_totals");
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl(this.database.jdbcUrl());
		this.dataSource.setUsername(this.database.username());
		this.dataSource.setPassword(this.database.password());
		this.dataSource.setMaximumPoolSize(4);
		this.streamTableFactoryBean = factory(StreamOrderTotal.class, true);
		this.plainTableFactoryBean = factory(PlainOrderTotal.class, false);
		this.streamTableFactory = this.streamTableFactoryBean.getObject();
		this.plainTableFactory = this.plainTableFactoryBean.getObject();
		this.jdbc = new JdbcTemplate(this.dataSource);
		new StreamTableMappingVerifier(this.streamTableFactory).check();
		System.out.println("order_totals key column indexed by pg_trickle: " + keyIndexed);
	}

	private LocalContainerEntityManagerFactoryBean factory(Class<?> entity, boolean streamTableSettings) {
		LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
		factory.setDataSource(this.dataSource);
		factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
		factory.setManagedTypes(PersistenceManagedTypes.of(entity.getName()));
		factory.setPersistenceUnitName(entity.getSimpleName());
		factory.getJpaPropertyMap().put("hibernate.physical_naming_strategy",
				CamelCaseToUnderscoresNamingStrategy.class.getName());
		if (streamTableSettings) {
			StreamTableHibernateSettings.apply(factory.getJpaPropertyMap());
		}
		factory.afterPropertiesSet();
		return factory;
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.streamTableFactoryBean.destroy();
		this.plainTableFactoryBean.destroy();
		this.dataSource.close();
		this.database.close();
	}

	@Benchmark
	@Group("findById")
	@GroupThreads(1)
	public StreamOrderTotal streamTableFindById() {
		try (EntityManager entityManager = this.streamTableFactory.createEntityManager()) {
			return entityManager.find(StreamOrderTotal.class, randomId());
		}
	}

	@Benchmark
	@Group("findById")
	@GroupThreads(1)
	public PlainOrderTotal plainTableFindById() {
		try (EntityManager entityManager = this.plainTableFactory.createEntityManager()) {
			return entityManager.find(PlainOrderTotal.class, randomId());
		}
	}

	@Benchmark
	@Group("page")
	@GroupThreads(1)
	public List<StreamOrderTotal> streamTablePage() {
		try (EntityManager entityManager = this.streamTableFactory.createEntityManager()) {
			return entityManager.createQuery(PAGE_OF_STREAM_TABLE, StreamOrderTotal.class)
				.setFirstResult(randomPage() * PAGE_SIZE)
				.setMaxResults(PAGE_SIZE)
				.getResultList();
		}
	}

	@Benchmark
	@Group("page")
	@GroupThreads(1)
	public List<PlainOrderTotal> plainTablePage() {
		try (EntityManager entityManager = this.plainTableFactory.createEntityManager()) {
			return entityManager.createQuery(PAGE_OF_PLAIN_TABLE, PlainOrderTotal.class)
				.setFirstResult(randomPage() * PAGE_SIZE)
				.setMaxResults(PAGE_SIZE)
				.getResultList();
		}
	}

	@Benchmark
	@Group("pageSql")
	@GroupThreads(1)
	public int streamTablePageSql() {
		return pageSql(PAGE_SQL_OF_STREAM_TABLE);
	}

	@Benchmark
	@Group("pageSql")
	@GroupThreads(1)
	public int plainTablePageSql() {
		return pageSql(PAGE_SQL_OF_PLAIN_TABLE);
	}

	private int pageSql(String sql) {
		List<Object[]> rows = this.jdbc.query(sql, (resultSet, rowNumber) -> new Object[] { resultSet.getLong(1),
				resultSet.getLong(2), resultSet.getBigDecimal(3) }, randomPage() * PAGE_SIZE, PAGE_SIZE);
		return rows.size();
	}

	private static long randomId() {
		return 1 + ThreadLocalRandom.current().nextInt(CUSTOMERS);
	}

	private static int randomPage() {
		return ThreadLocalRandom.current().nextInt(PAGES);
	}

}
