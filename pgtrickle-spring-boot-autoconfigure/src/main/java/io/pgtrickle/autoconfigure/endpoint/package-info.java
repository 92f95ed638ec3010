/**
 * The {@code pgtrickle} Actuator endpoint: {@link io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpoint},
 * its web extension and its auto-configuration.
 */
@NullMarked
package io.pgtrickle.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
