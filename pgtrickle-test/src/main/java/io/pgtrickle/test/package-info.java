/**
 * Test support for applications that use pg_trickle: {@link io.pgtrickle.test.PgTrickleTest} gives a
 * test class a fresh database from the first backend available (an external server, the real image
 * through {@link io.pgtrickle.test.PgTrickleContainer}, or an embedded PostgreSQL 18 with an
 * emulation of pg_trickle's SQL API).
 */
@NullMarked
package io.pgtrickle.test;

import org.jspecify.annotations.NullMarked;
