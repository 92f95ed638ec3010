package io.pgtrickle.autoconfigure.docs;

import org.springframework.beans.factory.annotation.Qualifier;

import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.StreamTableName;

/**
 * The service of docs/multiple-datasources.md that works with the stream tables of the second
 * database.
 */
public class ReportService {

	private final PgTrickleOperations reporting;

	public ReportService(@Qualifier("reportingPgTrickleTemplate") PgTrickleOperations reporting) {
		this.reporting = reporting;
	}

	boolean isPopulated(StreamTableName name) {
		return this.reporting.findInfo(name).map((info) -> info.populated()).orElse(false);
	}

}
