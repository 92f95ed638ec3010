package io.pgtrickle.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for {@link io.pgtrickle.core.PgTrickleTemplate} operations;
 * implement it to change the name or the key values of their observations.
 *
 * @see DefaultPgTrickleObservationConvention
 */
public interface PgTrickleObservationConvention extends ObservationConvention<PgTrickleObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PgTrickleObservationContext;
	}

}
