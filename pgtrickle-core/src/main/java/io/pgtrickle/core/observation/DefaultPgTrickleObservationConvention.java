package io.pgtrickle.core.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.observation.PgTrickleObservationDocumentation.HighCardinalityKeyNames;
import io.pgtrickle.core.observation.PgTrickleObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default {@link PgTrickleObservationConvention}: observations named
 * {@code pgtrickle.operation}, contextual name {@code pgtrickle <operation>}, with the operation and
 * its outcome as low-cardinality keys and the stream table as a high-cardinality key.
 */
public class DefaultPgTrickleObservationConvention implements PgTrickleObservationConvention {

	/**
	 * The name of the observations: {@value}.
	 */
	public static final String NAME = "pgtrickle.operation";

	private static final KeyValue NO_STREAM_TABLE = KeyValue.of(HighCardinalityKeyNames.STREAM_TABLE, KeyValue.NONE_VALUE);

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(PgTrickleObservationContext context) {
		return "pgtrickle " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PgTrickleObservationContext context) {
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.OPERATION, context.getOperation()),
				KeyValue.of(LowCardinalityKeyNames.OUTCOME, context.getOutcome().getValue()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PgTrickleObservationContext context) {
		StreamTableName streamTable = context.getStreamTable();
		return KeyValues.of((streamTable != null) ? KeyValue.of(HighCardinalityKeyNames.STREAM_TABLE, streamTable.toString())
				: NO_STREAM_TABLE);
	}

}
