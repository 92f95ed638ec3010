/**
 * Read-only Spring Data JPA repositories for {@link io.pgtrickle.jpa.StreamTable @StreamTable}
 * entities, with the stream table's freshness and refresh on the repository.
 */
@NullMarked
package io.pgtrickle.jpa.repository;

import org.jspecify.annotations.NullMarked;
