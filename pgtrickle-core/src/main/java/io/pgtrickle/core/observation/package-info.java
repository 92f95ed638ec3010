/**
 * Micrometer Observation support for {@link io.pgtrickle.core.PgTrickleTemplate}: the documented
 * observation, its context and its conventions.
 */
@NullMarked
package io.pgtrickle.core.observation;

import org.jspecify.annotations.NullMarked;
