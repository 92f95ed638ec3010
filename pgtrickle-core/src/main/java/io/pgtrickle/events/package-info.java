/**
 * pg_trickle's notifications as Spring application events: {@link io.pgtrickle.events.PgTrickleAlertListener}
 * listens on pg_trickle's alert channels over one dedicated connection and publishes
 * {@link io.pgtrickle.events.PgTrickleEvent}s such as
 * {@link io.pgtrickle.events.StreamTableRefreshedEvent}, which applications consume with
 * {@code @EventListener}; {@link io.pgtrickle.events.StreamTableCacheEvictor} evicts Spring caches
 * when a stream table refreshes.
 */
@NullMarked
package io.pgtrickle.events;

import org.jspecify.annotations.NullMarked;
