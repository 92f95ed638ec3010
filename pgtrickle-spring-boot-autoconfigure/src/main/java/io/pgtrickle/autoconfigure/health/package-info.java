/**
 * Health of pg_trickle's stream tables: {@link io.pgtrickle.autoconfigure.health.PgTrickleHealthIndicator}
 * and its auto-configuration.
 */
@NullMarked
package io.pgtrickle.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
