/**
 * An application whose {@code @StreamTable} entity does not match the database.
 */
@NullMarked
package io.pgtrickle.autoconfigure.jpa.mismatch;

import org.jspecify.annotations.NullMarked;
