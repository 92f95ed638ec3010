package io.pgtrickle.flyway;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableDefinition;

/**
 * Computes a migration's checksum: a CRC32, like Flyway's checksum of SQL migrations, over a
 * canonical form of what the migration does. Every entry is a key and a value, both
 * length-prefixed so that no two different sequences of entries produce the same input; entries
 * whose value is {@code null} are left out, so an option added to the library later does not
 * change the checksum of migrations that do not set it. Text has its line endings normalized,
 * so a checkout with CRLF line endings has the same checksum.
 */
final class MigrationChecksum {

	/**
	 * The version of the canonical form; changing the form would change every applied
	 * migration's checksum, so it must not change without a new version and a migration path.
	 */
	private static final String FORMAT = "pgtrickle-flyway-1";

	private final CRC32 crc = new CRC32();

	MigrationChecksum(String operation) {
		add("format", FORMAT);
		add("operation", operation);
	}

	MigrationChecksum add(String key, @Nullable Object value) {
		if (value == null) {
			return this;
		}
		String text = (value instanceof Enum<?> constant) ? constant.name()
				: (value instanceof Schedule schedule) ? schedule.expression() : normalize(value.toString());
		update(key);
		update(text);
		return this;
	}

	MigrationChecksum addDefinition(StreamTableDefinition definition) {
		return add("name", definition.name())
			.add("query", definition.query())
			.add("schedule", definition.schedule())
			.add("refresh_mode", definition.refreshMode())
			.add("initialize", definition.initialize())
			.add("diamond_consistency", definition.diamondConsistency())
			.add("diamond_schedule_policy", definition.diamondSchedulePolicy())
			.add("cdc_mode", definition.cdcMode())
			.add("append_only", definition.appendOnly())
			.add("pooler_compatibility_mode", definition.poolerCompatibilityMode())
			.add("partition_by", definition.partitionBy())
			.add("max_differential_joins", definition.maxDifferentialJoins())
			.add("max_delta_fraction", definition.maxDeltaFraction())
			.add("output_distribution_column", definition.outputDistributionColumn())
			.add("temporal", definition.temporal())
			.add("storage_backend", definition.storageBackend())
			.add("fillfactor", definition.fillfactor())
			.add("target_freshness", definition.targetFreshness())
			.add("orchestration_mode", definition.orchestrationMode());
	}

	MigrationChecksum addAlteration(StreamTableAlteration alteration) {
		return add("query", alteration.query())
			.add("schedule", alteration.schedule())
			.add("refresh_mode", alteration.refreshMode())
			.add("status", alteration.status())
			.add("diamond_consistency", alteration.diamondConsistency())
			.add("diamond_schedule_policy", alteration.diamondSchedulePolicy())
			.add("cdc_mode", alteration.cdcMode())
			.add("append_only", alteration.appendOnly())
			.add("pooler_compatibility_mode", alteration.poolerCompatibilityMode())
			.add("tier", alteration.tier())
			.add("fuse", alteration.fuse())
			.add("fuse_ceiling", alteration.fuseCeiling())
			.add("fuse_sensitivity", alteration.fuseSensitivity())
			.add("partition_by", alteration.partitionBy())
			.add("max_differential_joins", alteration.maxDifferentialJoins())
			.add("max_delta_fraction", alteration.maxDeltaFraction())
			.add("post_refresh_action", alteration.postRefreshAction())
			.add("reindex_drift_threshold", alteration.reindexDriftThreshold())
			.add("target_freshness", alteration.targetFreshness());
	}

	int value() {
		return (int) this.crc.getValue();
	}

	private void update(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		byte[] length = (bytes.length + ":").getBytes(StandardCharsets.US_ASCII);
		this.crc.update(length);
		this.crc.update(bytes);
	}

	/**
	 * Return the text with a leading byte order mark removed and every line ending ({@code \r\n}
	 * or {@code \r}) turned into {@code \n}.
	 */
	static String normalize(String text) {
		String result = (!text.isEmpty() && text.charAt(0) == '\uFEFF') ? text.substring(1) : text;
		if (result.indexOf('\r') < 0) {
			return result;
		}
		return result.replace("\r\n", "\n").replace('\r', '\n');
	}

}
