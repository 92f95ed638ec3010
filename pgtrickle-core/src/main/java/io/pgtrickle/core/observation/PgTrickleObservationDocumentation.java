package io.pgtrickle.core.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of {@link io.pgtrickle.core.PgTrickleTemplate}: one per public operation, which
 * Micrometer turns into a timer and a tracing span.
 */
public enum PgTrickleObservationDocumentation implements ObservationDocumentation {

	/**
	 * One call of a {@link io.pgtrickle.core.PgTrickleOperations} method.
	 */
	OPERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPgTrickleObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * The low-cardinality keys: safe as metric tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The operation, named like the method: {@code create}, {@code refresh}, {@code awaitFresh}, ...
		 */
		OPERATION {

			@Override
			public String asString() {
				return "pgtrickle.operation";
			}

		},

		/**
		 * The outcome: {@code success}, {@code skipped} (a refresh that did not run because another was
		 * in progress) or {@code error}.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		}

	}

	/**
	 * The high-cardinality keys: for traces only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The schema-qualified stream table, or {@code none}.
		 */
		STREAM_TABLE {

			@Override
			public String asString() {
				return "pgtrickle.stream_table";
			}

		}

	}

}
