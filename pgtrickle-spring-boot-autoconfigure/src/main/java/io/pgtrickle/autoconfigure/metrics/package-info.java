/**
 * Micrometer meters for pg_trickle's stream tables:
 * {@link io.pgtrickle.autoconfigure.metrics.PgTrickleMetricsAutoConfiguration}.
 */
@NullMarked
package io.pgtrickle.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
