/**
 * A small application with a {@code @StreamTable} entity, for the tests of the JPA
 * auto-configuration.
 */
@NullMarked
package io.pgtrickle.autoconfigure.jpa.sample;

import org.jspecify.annotations.NullMarked;
