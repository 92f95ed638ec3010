/**
 * Auto-configuration of pgtrickle-jpa: read-only {@link io.pgtrickle.jpa.StreamTable @StreamTable}
 * entities, stream-table repositories and the start-up check of their mapping.
 */
@NullMarked
package io.pgtrickle.autoconfigure.jpa;

import org.jspecify.annotations.NullMarked;
