package io.pgtrickle.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JPA entity as mapped to a pg_trickle stream table: the table named by the entity's
 * {@code @Table} (or Hibernate's naming strategy) is maintained by pg_trickle from its defining query
 * and is read-only to the application.
 * <p>
 * With {@code pgtrickle-jpa} on the class path, Hibernate treats such an entity as immutable (no
 * snapshots, no dirty checking), rejects {@code persist}, {@code merge}, {@code remove} and bulk
 * mutation queries with a {@link io.pgtrickle.core.StreamTableReadOnlyException} before any SQL is
 * sent, and leaves the table alone during schema generation. Map only the columns you read: the
 * stream table's {@code __pgt_*} columns never need mapping.
 * <pre class="code">
 * &#64;Entity
 * &#64;StreamTable
 * &#64;Table(name = "order_totals")
 * class OrderTotal {
 *
 *     &#64;Id
 *     Long customerId;
 *
 *     BigDecimal total;
 *
 * }
 * </pre>
 * The annotation belongs on the root entity of a hierarchy; subclasses inherit it.
 *
 * @see io.pgtrickle.jpa.repository.StreamTableRepository
 * @see StreamTableMappingVerifier
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface StreamTable {

}
