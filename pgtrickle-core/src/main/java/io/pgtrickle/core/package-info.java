/**
 * The typed Java API over pg_trickle's SQL functions: {@link io.pgtrickle.core.PgTrickleTemplate}
 * and its interface {@link io.pgtrickle.core.PgTrickleOperations}, the value types that describe
 * stream tables, and the exceptions the template and
 * {@link io.pgtrickle.core.PgTrickleExceptionTranslator} raise.
 */
@NullMarked
package io.pgtrickle.core;

import org.jspecify.annotations.NullMarked;
