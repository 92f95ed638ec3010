/**
 * Entities that match or mismatch the sales schema in known ways, for the mapping check's tests.
 */
@NullMarked
package io.pgtrickle.jpa.mapping;

import org.jspecify.annotations.NullMarked;
