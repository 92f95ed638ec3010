package io.pgtrickle.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class its own fresh database with pg_trickle, from the first backend available
 * (see {@link PgTrickleDatabases}), dropped after the class. Test constructors, lifecycle methods and
 * test methods receive it as a {@link PgTrickleDatabase} or {@link javax.sql.DataSource} parameter.
 * <pre class="code">
 * &#64;PgTrickleTest
 * class OrderTotalsTests {
 *
 *     &#64;Test
 *     void refreshes(PgTrickleDatabase database) {
 *         JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
 *         // ...
 *     }
 * }
 * </pre>
 * When the requested backend cannot run (for example the container backend without Docker), the
 * class is skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PgTrickleExtension.class)
public @interface PgTrickleTest {

}
