/**
 * Read-only JPA entities for pg_trickle's stream tables: the {@link io.pgtrickle.jpa.StreamTable}
 * annotation, the check that every such entity matches its stream table, and the translation of
 * pg_trickle's guard against writes.
 */
@NullMarked
package io.pgtrickle.jpa;

import org.jspecify.annotations.NullMarked;
