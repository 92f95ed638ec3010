/**
 * Auto-configuration for pg_trickle: {@link io.pgtrickle.core.PgTrickleTemplate}, the
 * {@code pgtrickle.*} configuration properties, and the start-up check of the extension with its
 * failure analysis.
 */
@NullMarked
package io.pgtrickle.autoconfigure;

import org.jspecify.annotations.NullMarked;
