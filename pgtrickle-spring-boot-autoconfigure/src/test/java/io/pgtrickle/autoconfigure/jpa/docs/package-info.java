/**
 * The code shown in {@code docs/jpa.md}, compiled and tested.
 */
@NullMarked
package io.pgtrickle.autoconfigure.jpa.docs;

import org.jspecify.annotations.NullMarked;
