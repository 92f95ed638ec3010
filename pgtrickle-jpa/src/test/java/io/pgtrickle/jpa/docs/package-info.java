/**
 * Tests of the plain-Spring code shown in {@code docs/jpa.md}.
 */
@NullMarked
package io.pgtrickle.jpa.docs;

import org.jspecify.annotations.NullMarked;
