/**
 * A stream-table repository for an entity that is not a stream table.
 */
@NullMarked
package io.pgtrickle.jpa.repository.misuse;

import org.jspecify.annotations.NullMarked;
