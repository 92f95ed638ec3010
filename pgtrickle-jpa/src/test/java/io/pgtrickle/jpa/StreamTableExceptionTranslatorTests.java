package io.pgtrickle.jpa;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import jakarta.persistence.PersistenceException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

import org.springframework.core.Ordered;

import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableReadOnlyException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamTableExceptionTranslator}.
 */
class StreamTableExceptionTranslatorTests {

	private static final String GUARD = "ERROR: Direct DML on stream table order_totals is not allowed. Stream tables are "
			+ "maintained automatically by pg_trickle.\n  Where: PL/pgSQL function _pgt_guard_order_totals() line 1 at RAISE";

	private final StreamTableExceptionTranslator translator = new StreamTableExceptionTranslator();

	@Test
	void translatesTheGuardsRejectionFoundInTheCauses() {
		PersistenceException ex = new PersistenceException(
				new GenericJDBCException("could not execute statement", new SQLException(GUARD, "P0001")));
		assertThat(this.translator.translateExceptionIfPossible(ex)).isInstanceOfSatisfying(
				StreamTableReadOnlyException.class,
				(readOnly) -> assertThat(readOnly.getStreamTable()).isEqualTo(StreamTableName.of("order_totals")));
	}

	@Test
	void translatesTheGuardsRejectionInABatch() {
		BatchUpdateException batch = new BatchUpdateException("batch failed", "P0001", new int[0]);
		batch.setNextException(new SQLException(GUARD, "P0001"));
		assertThat(this.translator.translateExceptionIfPossible(new GenericJDBCException("batch", batch)))
			.isInstanceOf(StreamTableReadOnlyException.class);
	}

	@Test
	void leavesOtherExceptionsAlone() {
		assertThat(this.translator.translateExceptionIfPossible(new GenericJDBCException("other",
				new SQLException("ERROR: something else", "P0001")))).isNull();
		assertThat(this.translator.translateExceptionIfPossible(new GenericJDBCException("unique",
				new SQLException("ERROR: duplicate key", "23505")))).isNull();
		assertThat(this.translator.translateExceptionIfPossible(new IllegalStateException("no SQL"))).isNull();
	}

	@Test
	void runsFirst() {
		assertThat(this.translator.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
	}

}
