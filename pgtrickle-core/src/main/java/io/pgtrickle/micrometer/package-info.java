/**
 * Micrometer meters for pg_trickle's stream tables and change-capture sources:
 * {@link io.pgtrickle.micrometer.PgTrickleMetrics}.
 */
@NullMarked
package io.pgtrickle.micrometer;

import org.jspecify.annotations.NullMarked;
