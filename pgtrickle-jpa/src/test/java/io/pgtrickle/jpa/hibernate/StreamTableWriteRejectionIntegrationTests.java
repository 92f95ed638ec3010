package io.pgtrickle.jpa.hibernate;

import java.math.BigDecimal;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaDelete;
import jakarta.persistence.criteria.CriteriaUpdate;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.orm.jpa.JpaSystemException;

import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableReadOnlyException;
import io.pgtrickle.jpa.sales.Customer;
import io.pgtrickle.jpa.sales.Customers;
import io.pgtrickle.jpa.sales.OrderTotal;
import io.pgtrickle.jpa.sales.OrderTotals;
import io.pgtrickle.jpa.sales.SalesContext;
import io.pgtrickle.jpa.sales.SalesDatabase;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for the rejection of writes to {@link io.pgtrickle.jpa.StreamTable @StreamTable}
 * entities: every write is rejected with a {@link StreamTableReadOnlyException} before any SQL is
 * sent, and no row of the stream table changes.
 */
@PgTrickleTest
class StreamTableWriteRejectionIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static DataSource dataSource;

	private EntityManagerFactory entityManagerFactory;

	private Statistics statistics;

	private String fingerprint;

	@BeforeAll
	static void start(PgTrickleDatabase database) {
		SalesDatabase.create(database.dataSource());
		dataSource = database.dataSource();
		context = SalesContext.start(database);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void recordState() {
		this.entityManagerFactory = context.getBean(EntityManagerFactory.class);
		this.statistics = this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
		this.fingerprint = SalesDatabase.fingerprint(dataSource, "order_totals");
		this.statistics.clear();
	}

	@AfterEach
	void noRowChanged() {
		assertThat(SalesDatabase.fingerprint(dataSource, "order_totals")).isEqualTo(this.fingerprint);
	}

	@Test
	void persistIsRejectedBeforeAnySqlIsSent() {
		assertRejectedWithoutSql("persist", (em) -> em.persist(new OrderTotal(1000L, BigDecimal.TEN, 1L)));
	}

	@Test
	void mergeOfANewEntityIsRejectedBeforeAnySqlIsSent() {
		assertRejectedWithoutSql("merge", (em) -> em.merge(new OrderTotal(1000L, BigDecimal.TEN, 1L)));
	}

	@Test
	void mergeOfADetachedEntityIsRejected() {
		OrderTotal detached = inTransaction((em) -> em.find(OrderTotal.class, 1L));
		detached.setTotal(BigDecimal.ONE);
		this.statistics.clear();
		assertRejectedWithoutSql("merge", (em) -> em.merge(detached));
	}

	@Test
	void removeIsRejectedBeforeAnySqlIsSent() {
		EntityManager em = this.entityManagerFactory.createEntityManager();
		try {
			em.getTransaction().begin();
			OrderTotal total = em.find(OrderTotal.class, 1L);
			this.statistics.clear();
			assertThatExceptionOfType(StreamTableReadOnlyException.class).isThrownBy(() -> {
				em.remove(total);
				em.flush();
			}).satisfies(this::namesEntityAndStreamTable).withMessageStartingWith("Cannot remove OrderTotal");
			assertThat(this.statistics.getPrepareStatementCount()).isZero();
		}
		finally {
			em.getTransaction().rollback();
			em.close();
		}
	}

	@Test
	void bulkJpqlUpdateIsRejectedBeforeAnySqlIsSent() {
		assertRejectedWithoutSql("run a bulk update on",
				(em) -> em.createQuery("UPDATE OrderTotal o SET o.total = 0").executeUpdate());
	}

	@Test
	void bulkJpqlDeleteIsRejectedBeforeAnySqlIsSent() {
		assertRejectedWithoutSql("run a bulk delete on",
				(em) -> em.createQuery("DELETE FROM OrderTotal o WHERE o.customerId = 1").executeUpdate());
	}

	@Test
	void hqlInsertIsRejectedBeforeAnySqlIsSent() {
		assertRejectedWithoutSql("run an insert query on", (em) -> em.createQuery(
				"INSERT INTO OrderTotal (customerId, total, orderCount) VALUES (1000, 1, 1)").executeUpdate());
	}

	@Test
	void criteriaUpdateIsRejectedBeforeAnySqlIsSent() {
		assertRejectedWithoutSql("run a bulk update on", (em) -> {
			CriteriaBuilder builder = em.getCriteriaBuilder();
			CriteriaUpdate<OrderTotal> update = builder.createCriteriaUpdate(OrderTotal.class);
			update.set(update.from(OrderTotal.class).get("total"), BigDecimal.ZERO);
			em.createQuery(update).executeUpdate();
		});
	}

	@Test
	void criteriaDeleteIsRejectedBeforeAnySqlIsSent() {
		assertRejectedWithoutSql("run a bulk delete on", (em) -> {
			CriteriaBuilder builder = em.getCriteriaBuilder();
			CriteriaDelete<OrderTotal> delete = builder.createCriteriaDelete(OrderTotal.class);
			delete.from(OrderTotal.class);
			em.createQuery(delete).executeUpdate();
		});
	}

	@Test
	void statelessSessionWritesAreRejectedBeforeAnySqlIsSent() {
		SessionFactory sessionFactory = this.entityManagerFactory.unwrap(SessionFactory.class);
		OrderTotal total;
		try (StatelessSession session = sessionFactory.openStatelessSession()) {
			total = session.get(OrderTotal.class, 1L);
		}
		this.statistics.clear();
		try (StatelessSession session = sessionFactory.openStatelessSession()) {
			assertThatExceptionOfType(StreamTableReadOnlyException.class)
				.isThrownBy(() -> session.insert(new OrderTotal(1000L, BigDecimal.TEN, 1L)))
				.withMessageStartingWith("Cannot insert OrderTotal");
			assertThatExceptionOfType(StreamTableReadOnlyException.class).isThrownBy(() -> session.update(total))
				.withMessageStartingWith("Cannot update OrderTotal");
			assertThatExceptionOfType(StreamTableReadOnlyException.class).isThrownBy(() -> session.upsert(total))
				.withMessageStartingWith("Cannot upsert OrderTotal");
			assertThatExceptionOfType(StreamTableReadOnlyException.class).isThrownBy(() -> session.delete(total))
				.withMessageStartingWith("Cannot delete OrderTotal");
		}
		assertThat(this.statistics.getPrepareStatementCount()).isZero();
	}

	@Test
	void loadedEntitiesAreReadOnlyWithoutSnapshots() {
		EntityManager em = this.entityManagerFactory.createEntityManager();
		try {
			OrderTotal total = em.find(OrderTotal.class, 1L);
			SessionImplementor session = em.unwrap(SessionImplementor.class);
			EntityEntry entry = session.getPersistenceContextInternal().getEntry(total);
			assertThat(session.isReadOnly(total)).isTrue();
			assertThat(entry.getLoadedState()).isNull();
			assertThat(entry.getStatus()).isEqualTo(Status.READ_ONLY);
		}
		finally {
			em.close();
		}
	}

	@Test
	void changesToLoadedEntitiesAreNeverWritten() {
		EntityManager em = this.entityManagerFactory.createEntityManager();
		try {
			em.getTransaction().begin();
			OrderTotal total = em.find(OrderTotal.class, 1L);
			this.statistics.clear();
			total.setTotal(BigDecimal.ZERO);
			em.flush();
			em.getTransaction().commit();
			assertThat(this.statistics.getPrepareStatementCount()).isZero();
			assertThat(this.statistics.getEntityUpdateCount()).isZero();
		}
		finally {
			em.close();
		}
	}

	@Test
	void writesToOtherEntitiesStillWork() {
		Customers customers = context.getBean(Customers.class);
		customers.save(new Customer(1000L, "new customer"));
		assertThat(customers.findById(1000L)).hasValueSatisfying((customer) -> assertThat(customer.getName())
			.isEqualTo("new customer"));
		customers.deleteById(1000L);
	}

	@Test
	void nativeWriteIsRejectedByTheDatabaseAndTranslated() {
		OrderTotals orderTotals = context.getBean(OrderTotals.class);
		assertThatExceptionOfType(StreamTableReadOnlyException.class).isThrownBy(orderTotals::deleteAllNatively)
			.satisfies((ex) -> assertThat(ex.getStreamTable()).isEqualTo(StreamTableName.of("order_totals")))
			.withMessageContaining("is read-only");
	}

	@Test
	void nativeWriteWithoutTranslatorIsOnlyRejectedByTheDatabase() {
		EntityManager em = this.entityManagerFactory.createEntityManager();
		try {
			em.getTransaction().begin();
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> em.createNativeQuery("UPDATE order_totals SET total = 0").executeUpdate())
				.isNotInstanceOf(JpaSystemException.class)
				.withStackTraceContaining("Direct DML on stream table order_totals is not allowed");
		}
		finally {
			em.getTransaction().rollback();
			em.close();
		}
	}

	private void assertRejectedWithoutSql(String operation, Consumer<EntityManager> write) {
		EntityManager em = this.entityManagerFactory.createEntityManager();
		try {
			em.getTransaction().begin();
			assertThatExceptionOfType(StreamTableReadOnlyException.class).isThrownBy(() -> {
				write.accept(em);
				em.flush();
			}).satisfies(this::namesEntityAndStreamTable).withMessageStartingWith("Cannot " + operation + " OrderTotal");
			assertThat(this.statistics.getPrepareStatementCount()).isZero();
		}
		finally {
			em.getTransaction().rollback();
			em.close();
		}
	}

	private void namesEntityAndStreamTable(StreamTableReadOnlyException ex) {
		assertThat(ex.getStreamTable()).isEqualTo(StreamTableName.of("order_totals"));
		assertThat(ex).hasMessageContaining("@StreamTable mapped to stream table order_totals")
			.hasMessageContaining("Write to the stream table's source tables instead");
	}

	private <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
		EntityManager em = this.entityManagerFactory.createEntityManager();
		try {
			em.getTransaction().begin();
			T result = work.apply(em);
			em.getTransaction().commit();
			return result;
		}
		finally {
			em.close();
		}
	}

}
