package io.pgtrickle.core;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PgTrickleExceptionTranslator}, with exceptions shaped like pgjdbc's.
 */
class PgTrickleExceptionTranslatorTests {

	private final PgTrickleExceptionTranslator translator = new PgTrickleExceptionTranslator();

	private static final StreamTableName ORDERS = StreamTableName.of("public.orders");

	@Test
	void notFoundFromALifecycleFunction() {
		DataAccessException translated = translate("42P01", "stream table not found: public.orders",
				"Use pgtrickle.pgt_status() to list stream tables.");
		assertThat(translated).isInstanceOf(StreamTableNotFoundException.class)
			.hasMessageContaining("public.orders does not exist")
			.hasMessageContaining("create it first");
		assertThat(((PgTrickleException) translated).getStreamTable()).isEqualTo(ORDERS);
		assertThat(translated.getCause()).isInstanceOf(SQLException.class);
	}

	@Test
	void notFoundFromGenericAndDiagnosticPaths() {
		assertThat(translate("22000", "stream table not found: s.t", null)).isInstanceOf(StreamTableNotFoundException.class);
		assertThat(translate("XX000", "diagnostic error: stream table 's.t' not found", null))
			.isInstanceOf(StreamTableNotFoundException.class)
			.satisfies((ex) -> assertThat(((PgTrickleException) ex).getStreamTable()).isEqualTo(StreamTableName.of("s.t")));
	}

	@Test
	void contextNameWinsOverTheMessage() {
		DataAccessException translated = this.translator.translate("refresh", null,
				exception("42P01", "stream table not found: public.orders", null), StreamTableName.of("sales.orders"));
		assertThat(((PgTrickleException) translated).getStreamTable()).isEqualTo(StreamTableName.of("sales.orders"));
	}

	@Test
	void alreadyExists() {
		assertThat(translate("42P07", "stream table already exists: public.orders", null))
			.isInstanceOf(StreamTableAlreadyExistsException.class)
			.hasMessageContaining("createIfNotExists or createOrReplace");
	}

	@Test
	void plainTableOfTheSameNameFallsBackToSpring() {
		assertThat(translate("42P07", "relation \"orders\" already exists", null))
			.isNotInstanceOf(PgTrickleException.class);
	}

	@Test
	void plainTableOfTheSameNameWhenCreatingAStreamTable() {
		assertThat(this.translator.translate("create", null, exception("42P07", "relation \"orders\" already exists", null),
				ORDERS))
			.isExactlyInstanceOf(InvalidStreamTableArgumentException.class)
			.hasMessageContaining("not a stream table");
	}

	@Test
	void invalidSchedule() {
		assertThat(translate("22023", "invalid argument: invalid cron expression '* *': expected 5 or 6 fields, got 2",
				null))
			.isInstanceOf(InvalidScheduleException.class)
			.hasMessageContaining("expected 5 or 6 fields");
		assertThat(translate("22023", "invalid argument: schedule must be at least 1s, got 0s", null))
			.isInstanceOf(InvalidScheduleException.class);
		assertThat(translate("22023", "invalid argument: invalid duration unit 'x' in '5x'. Use s (seconds)", null))
			.isInstanceOf(InvalidScheduleException.class);
	}

	@Test
	void invalidArgumentIncludesTheDetailAndHint() {
		DataAccessException translated = translate("22023", "invalid argument: invalid cdc_mode value: 'x'",
				"Use auto, trigger or wal.");
		assertThat(translated).isExactlyInstanceOf(InvalidStreamTableArgumentException.class)
			.hasMessageContaining("invalid cdc_mode value: 'x'")
			.hasMessageContaining("Use auto, trigger or wal.");
	}

	@Test
	void suspendedAndErrorStates() {
		assertThat(translate("22023",
				"invalid argument: stream table public.orders is suspended ; use pgtrickle.resume_stream_table('public.orders') first",
				null))
			.isInstanceOf(StreamTableSuspendedException.class)
			.hasMessageContaining("public.orders is SUSPENDED")
			.hasMessageContaining("resume");
		assertThat(translate("22023", "invalid argument: stream table public.orders is in error state ; use x", null))
			.isInstanceOf(StreamTableSuspendedException.class)
			.hasMessageContaining("in ERROR state");
	}

	@Test
	void dependentsOnDropSuggestCascade() {
		assertThat(translate("22023",
				"invalid argument: stream table public.orders has dependent stream tables: public.b. Use cascade => true to drop them",
				null))
			.isExactlyInstanceOf(InvalidStreamTableArgumentException.class)
			.hasMessageContaining("cannot be dropped")
			.hasMessageContaining("public.b");
	}

	@Test
	void autoCheckViolation() {
		assertThat(this.translator.translate("alter", null, exception("23514",
				"new row for relation \"pgt_stream_tables\" violates check constraint \"pgt_stream_tables_refresh_mode_check\"",
				null), ORDERS))
			.isInstanceOf(InvalidStreamTableArgumentException.class)
			.hasMessageContaining("AUTO");
	}

	@Test
	void otherCheckViolationsFallBackToSpring() {
		assertThat(translate("23514", "new row for relation \"orders\" violates check constraint \"c\"", null))
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void unsupportedQuery() {
		assertThat(translate("0A000", "unsupported operator for DIFFERENTIAL mode: FULL OUTER JOIN", "Use FULL."))
			.isInstanceOf(UnsupportedQueryException.class)
			.hasMessageContaining("FULL OUTER JOIN");
		assertThat(translate("42000", "query parse error: Expected 1 statement, got 2", null))
			.isInstanceOf(UnsupportedQueryException.class);
		assertThat(translate("3F000", "cycle detected in dependency graph: a -> b -> a", null))
			.isInstanceOf(UnsupportedQueryException.class);
		assertThat(translate("54000", "query too complex: too many joins", null)).isInstanceOf(UnsupportedQueryException.class);
	}

	@Test
	void genericSyntaxErrorsFallBackToSpring() {
		assertThat(translate("42000", "syntax error", null)).isInstanceOf(BadSqlGrammarException.class);
		assertThat(translate("42601", "syntax error at or near \"SELEC\"", null)).isInstanceOf(BadSqlGrammarException.class);
	}

	@Test
	void directDmlIsReadOnly() {
		DataAccessException translated = translate("P0001",
				"Direct DML on stream table orders is not allowed. Stream tables are maintained automatically by pg_trickle.",
				null);
		assertThat(translated).isInstanceOf(StreamTableReadOnlyException.class)
			.hasMessageContaining("orders is read-only")
			.hasMessageContaining("source tables");
		assertThat(((PgTrickleException) translated).getStreamTable()).isEqualTo(StreamTableName.of("orders"));
	}

	@Test
	void otherRaisedExceptionsAreLeftUntranslated() {
		assertThat(translate("P0001", "custom failure", null)).isNull();
	}

	@Test
	void sourceDdlBlocked() {
		assertThat(translate("XX000",
				"pg_trickle: ALTER TABLE on public.orders blocked — column-affecting DDL is not allowed while pg_trickle.block_source_ddl = true (the default).",
				null))
			.isInstanceOf(SourceDdlBlockedException.class)
			.hasMessageContaining("public.orders")
			.hasMessageContaining("block_source_ddl");
	}

	@Test
	void extensionNotInstalled() {
		assertThat(translate("3F000", "schema \"pgtrickle\" does not exist", null))
			.isInstanceOf(ExtensionNotInstalledException.class)
			.hasMessageContaining("CREATE EXTENSION pg_trickle");
		assertThat(translate("42883", "function pgtrickle.refresh_stream_table(name => character varying) does not exist",
				null))
			.isInstanceOf(ExtensionNotInstalledException.class);
		assertThat(translate("42P01", "relation \"pgtrickle.pgt_stream_tables\" does not exist", null))
			.isInstanceOf(ExtensionNotInstalledException.class);
	}

	@Test
	void otherMissingFunctionsFallBackToSpring() {
		assertThat(translate("42883", "function lower(integer) does not exist", null))
			.isNotInstanceOf(PgTrickleException.class);
	}

	@Test
	void permission() {
		assertThat(translate("42501", "permission denied: must be owner of stream table public.orders", null))
			.isInstanceOf(StreamTablePermissionException.class)
			.hasMessageContaining("public.orders")
			.hasMessageContaining("owner");
		assertThat(translate("42501", "permission denied for schema pgtrickle", null))
			.isInstanceOf(StreamTablePermissionException.class);
	}

	@Test
	void permissionOnASourceNeedsAStreamTableContext() {
		SQLException ex = exception("42501", "permission denied for table orders", null);
		assertThat(this.translator.translate("t", null, ex)).isNotInstanceOf(PgTrickleException.class);
		assertThat(this.translator.translate("t", null, ex, ORDERS)).isInstanceOf(StreamTablePermissionException.class);
	}

	@Test
	void refreshSkippedRaisedAsError() {
		assertThat(translate("55000", "refresh skipped: public.orders — another refresh is already in progress", null))
			.isInstanceOf(RefreshSkippedException.class);
	}

	@Test
	void unrelatedErrorsUseTheFallbackTranslator() {
		DataAccessException translated = translate("23505", "duplicate key value violates unique constraint", null);
		assertThat(translated).isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void serverMessageStripsSeverityAndDetails() {
		assertThat(PgTrickleExceptionTranslator.serverMessage("ERROR: stream table not found: a.b\n  Hint: x"))
			.isEqualTo("stream table not found: a.b");
		assertThat(PgTrickleExceptionTranslator.serverMessage("plain")).isEqualTo("plain");
		assertThat(PgTrickleExceptionTranslator.serverHint("ERROR: x\n  Hint: do y\n  Where: z")).isEqualTo("do y");
		assertThat(PgTrickleExceptionTranslator.serverHint("ERROR: x")).isNull();
	}

	private DataAccessException translate(String state, String message, String hint) {
		return this.translator.translate("test", "SELECT 1", exception(state, message, hint));
	}

	private static SQLException exception(String state, String message, String hint) {
		String text = "ERROR: " + message + ((hint != null) ? "\n  Hint: " + hint : "");
		return new SQLException(text, state);
	}

}
