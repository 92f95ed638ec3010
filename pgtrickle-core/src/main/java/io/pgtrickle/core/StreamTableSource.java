package io.pgtrickle.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A relation a stream table reads, from {@code pgtrickle.list_sources}.
 *
 * @param source the relation as {@code schema.name}
 * @param sourceOid the OID of the relation
 * @param sourceType the kind of relation
 * @param cdcMode how its changes are captured
 * @param columnsUsed the columns the stream table reads, or {@code null} if pg_trickle does not
 * know (for example {@code SELECT *})
 */
public record StreamTableSource(String source, long sourceOid, SourceType sourceType, CdcMode cdcMode,
		@Nullable List<String> columnsUsed) {

	/**
	 * Create a new instance.
	 * @param source the relation as {@code schema.name}
	 * @param sourceOid the OID of the relation
	 * @param sourceType the kind of relation
	 * @param cdcMode how its changes are captured
	 * @param columnsUsed the columns the stream table reads, or {@code null} if pg_trickle does
	 * not know (for example {@code SELECT *})
	 */
	public StreamTableSource {
		columnsUsed = (columnsUsed != null) ? List.copyOf(columnsUsed) : null;
	}

}
