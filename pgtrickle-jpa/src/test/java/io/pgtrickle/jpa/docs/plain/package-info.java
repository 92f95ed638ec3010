/**
 * The plain-Spring configuration shown in {@code docs/jpa.md}, with an entity it reads.
 */
@NullMarked
package io.pgtrickle.jpa.docs.plain;

import org.jspecify.annotations.NullMarked;
