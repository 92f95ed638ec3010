/**
 * Auto-configuration of pg_trickle's application events: the alert listener, the cache evictions
 * and the event-driven waiting of {@link io.pgtrickle.core.PgTrickleTemplate}.
 */
@NullMarked
package io.pgtrickle.autoconfigure.events;

import org.jspecify.annotations.NullMarked;
