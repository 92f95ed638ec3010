package io.pgtrickle.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PgTrickleAlert}: the tolerant reading of pg_trickle's payloads.
 */
class PgTrickleAlertTests {

	private static final String REFRESH_COMPLETED = "{\"action\":\"DIFFERENTIAL\",\"duration_ms\":12,\"event\":"
			+ "\"refresh_completed\",\"pgt_name\":\"order_totals\",\"pgt_schema\":\"public\",\"rows_deleted\":1,"
			+ "\"rows_inserted\":3,\"st\":\"public.order_totals\"}";

	@Test
	void readsRefreshCompletedPayload() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", REFRESH_COMPLETED);
		assertThat(alert.getChannel()).isEqualTo("pg_trickle_alert");
		assertThat(alert.getPayload()).isEqualTo(REFRESH_COMPLETED);
		assertThat(alert.getEvent()).isEqualTo("refresh_completed");
		assertThat(alert.getStreamTable()).isEqualTo("public.order_totals");
		assertThat(alert.getString("action")).isEqualTo("DIFFERENTIAL");
		assertThat(alert.getLong("rows_inserted")).isEqualTo(3L);
		assertThat(alert.getLong("rows_deleted")).isEqualTo(1L);
		assertThat(alert.getLong("duration_ms")).isEqualTo(12L);
		assertThat(alert.getFields()).containsOnlyKeys("action", "duration_ms", "event", "pgt_name", "pgt_schema",
				"rows_deleted", "rows_inserted", "st");
		assertThat(alert.isTruncated()).isFalse();
		assertThat(alert.isMalformed()).isFalse();
		assertThat(alert.getOmittedFields()).isEmpty();
	}

	@Test
	void keepsUnknownEventsAndFieldsInOrder() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"event\":\"freshness_breach\","
				+ "\"database_oid\":16384,\"pgt_schema\":\"sales\",\"pgt_name\":\"daily\",\"target_ms\":5000,"
				+ "\"details\":{\"lag_ms\":[7000,8000]}}");
		assertThat(alert.getEvent()).isEqualTo("freshness_breach");
		assertThat(alert.getStreamTable()).isEqualTo("sales.daily");
		assertThat(alert.getFields().keySet()).containsExactly("event", "database_oid", "pgt_schema", "pgt_name",
				"target_ms", "details");
		assertThat(alert.getLong("database_oid")).isEqualTo(16384L);
		assertThat(alert.getFields().get("details")).isEqualTo(Map.of("lag_ms", List.of(7000L, 8000L)));
	}

	@Test
	void readsStreamTableOfSchedulerChannel() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pgtrickle_alert",
				"{\"event\":\"fuse_blown\",\"stream_table\":\"public.orders_st\",\"pending\":150000,\"ceiling\":100000}");
		assertThat(alert.getStreamTable()).isEqualTo("public.orders_st");
		assertThat(alert.getLong("pending")).isEqualTo(150000L);
	}

	@Test
	void streamTableOfRefreshChannelPayloadCombinesSchemaAndName() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_refresh",
				"{\"stream_table\":\"orders_st\",\"schema\":\"public\",\"mode\":\"FULL\",\"rows\":3}");
		assertThat(alert.getStreamTable()).isEqualTo("public.orders_st");
	}

	@Test
	void alertAboutNoStreamTableHasNone() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert",
				"{\"event\":\"slot_lag_warning\",\"retained_wal_bytes\":2147483648,\"slot_name\":\"pgt_slot\","
						+ "\"threshold_bytes\":1073741824}");
		assertThat(alert.getStreamTable()).isNull();
		assertThat(alert.getLong("retained_wal_bytes")).isEqualTo(2147483648L);
	}

	@Test
	void payloadCutByPgTrickle067KeepsMembersBeforeTheCut() {
		String full = "{\"action\":\"FULL\",\"error\":\"" + "x".repeat(10_000) + "\",\"event\":\"refresh_failed\","
				+ "\"pgt_name\":\"order_totals\",\"pgt_schema\":\"public\",\"st\":\"public.order_totals\"}";
		String cut = full.substring(0, 7890) + "...}";
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", cut);
		assertThat(alert.isTruncated()).isTrue();
		assertThat(alert.isMalformed()).isTrue();
		assertThat(alert.getEvent()).isNull();
		assertThat(alert.getStreamTable()).isNull();
		assertThat(alert.getString("action")).isEqualTo("FULL");
		assertThat(alert.getString("error")).hasSize(7890 - "{\"action\":\"FULL\",\"error\":\"".length())
			.matches("x+");
	}

	@Test
	void payloadCutInsideANumberDropsTheNumber() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert",
				"{\"event\":\"cleanup_failure\",\"consecutive_failures\":12...}");
		assertThat(alert.isTruncated()).isTrue();
		assertThat(alert.getEvent()).isEqualTo("cleanup_failure");
		assertThat(alert.getFields()).containsOnlyKeys("event");
	}

	@Test
	void payloadCutInsideAKeyDropsTheKey() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"event\":\"stale_data\",\"pgt_sch...}");
		assertThat(alert.isTruncated()).isTrue();
		assertThat(alert.getFields()).containsOnlyKeys("event");
	}

	@Test
	void payloadCutInsideAnEscapeKeepsTheStringBeforeIt() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"error\":\"caf\\u00...}");
		assertThat(alert.isTruncated()).isTrue();
		assertThat(alert.getString("error")).isEqualTo("caf");
	}

	@Test
	void everyCutOfAPayloadKeepsOnlyWhatArrivedIntact() {
		PgTrickleAlert whole = PgTrickleAlert.parse("pg_trickle_alert", REFRESH_COMPLETED);
		for (int i = 0; i < REFRESH_COMPLETED.length(); i++) {
			int length = i;
			PgTrickleAlert cut = PgTrickleAlert.parse("pg_trickle_alert", REFRESH_COMPLETED.substring(0, length) + "...}");
			assertThat(cut.isMalformed()).as("cut at %d", length).isTrue();
			assertThat(cut.isTruncated()).isTrue();
			cut.getFields().forEach((key, value) -> {
				Object original = whole.getFields().get(key);
				if (value instanceof String string && !string.equals(original)) {
					assertThat((String) original).as("cut at %d, %s", length, key).startsWith(string);
				}
				else {
					assertThat(value).as("cut at %d, %s", length, key).isEqualTo(original);
				}
			});
		}
	}

	@Test
	void payloadShortenedByNewerPgTrickleIsValidAndNamesOmittedFields() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"event\":\"refresh_failed\","
				+ "\"pgt_schema\":\"public\",\"pgt_name\":\"t\",\"st\":\"public.t\",\"database_oid\":5,"
				+ "\"truncated\":true,\"omitted_fields\":[\"error\"]}");
		assertThat(alert.isTruncated()).isTrue();
		assertThat(alert.isMalformed()).isFalse();
		assertThat(alert.getOmittedFields()).containsExactly("error");
		assertThat(alert.getEvent()).isEqualTo("refresh_failed");
		assertThat(alert.getStreamTable()).isEqualTo("public.t");
	}

	@Test
	void readsEscapes() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert",
				"{\"error\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti caf\\u00e9 \\ud83d\\ude00\"}");
		assertThat(alert.getString("error")).isEqualTo("a\"b\\c/d\be\ff\ng\rh\ti café \uD83D\uDE00");
		assertThat(alert.isMalformed()).isFalse();
	}

	@Test
	void readsNumbers() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"zero\":0,\"negative\":-5,\"ratio\":1.5,"
				+ "\"exponent\":2e3,\"small\":1E-2,\"huge\":12345678901234567890,\"whole\":12.0}");
		assertThat(alert.getFields()).containsEntry("zero", 0L)
			.containsEntry("negative", -5L)
			.containsEntry("ratio", 1.5)
			.containsEntry("exponent", 2000.0)
			.containsEntry("small", 0.01)
			.containsEntry("huge", new BigDecimal("12345678901234567890"));
		assertThat(alert.getLong("whole")).isEqualTo(12L);
		assertThat(alert.getLong("ratio")).isNull();
		assertThat(alert.getDouble("negative")).isEqualTo(-5.0);
		assertThat(alert.isMalformed()).isFalse();
	}

	@Test
	void rejectsNumbersOutsideJsonGrammar() {
		for (String number : List.of("01", "-", "1.", ".5", "1e", "+1", "1.5.5")) {
			PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"event\":\"e\",\"n\":" + number + "}");
			assertThat(alert.isMalformed()).as(number).isTrue();
			assertThat(alert.isTruncated()).as(number).isFalse();
			assertThat(alert.getFields()).as(number).containsOnlyKeys("event");
		}
	}

	@Test
	void readsLiteralsAndToleratesWhitespace() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert",
				" {\n \"a\" : true ,\t\"b\":false,\r\n\"c\" : null } ");
		assertThat(alert.getFields()).containsEntry("a", true).containsEntry("b", false).containsEntry("c", null);
		assertThat(alert.getBoolean("a")).isTrue();
		assertThat(alert.getString("c")).isNull();
		assertThat(alert.isMalformed()).isFalse();
	}

	@Test
	void typedAccessorsConvertTolerantly() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert",
				"{\"text\":\"42\",\"decimal\":\"2.5\",\"flag\":true,\"object\":{},\"word\":\"x\"}");
		assertThat(alert.getLong("text")).isEqualTo(42L);
		assertThat(alert.getDouble("decimal")).isEqualTo(2.5);
		assertThat(alert.getString("flag")).isEqualTo("true");
		assertThat(alert.getString("object")).isNull();
		assertThat(alert.getLong("word")).isNull();
		assertThat(alert.getDouble("word")).isNull();
		assertThat(alert.getBoolean("word")).isNull();
		assertThat(alert.getLong("missing")).isNull();
	}

	@Test
	void emptyObjectIsWellFormed() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{}");
		assertThat(alert.getFields()).isEmpty();
		assertThat(alert.isMalformed()).isFalse();
		assertThat(alert.getEvent()).isNull();
	}

	@Test
	void textThatIsNoJsonObjectHasNoFields() {
		for (String payload : List.of("", "wm:16384", "[1,2]", "\"text\"", "{", "{\"a\" 1}", "{\"a\":1,}")) {
			PgTrickleAlert alert = PgTrickleAlert.parse("pgtrickle_alert", payload);
			assertThat(alert.isMalformed()).as(payload).isTrue();
			assertThat(alert.isTruncated()).as(payload).isFalse();
			assertThat(alert.getEvent()).isNull();
		}
		assertThat(PgTrickleAlert.parse("pgtrickle_alert", "{\"a\":1,}").getFields()).containsOnlyKeys("a");
	}

	@Test
	void trailingTextAfterTheObjectMakesItMalformedButKeepsTheMembers() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"event\":\"resumed\"} trailing");
		assertThat(alert.isMalformed()).isTrue();
		assertThat(alert.getEvent()).isEqualTo("resumed");
	}

	@Test
	void laterDuplicateKeyWins() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"event\":\"a\",\"event\":\"b\"}");
		assertThat(alert.getEvent()).isEqualTo("b");
	}

	@Test
	void deepNestingEndsReadingWithoutOverflowingTheStack() {
		String payload = "{\"event\":\"e\",\"deep\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", payload);
		assertThat(alert.isMalformed()).isTrue();
		assertThat(alert.getFields()).containsOnlyKeys("event");
	}

	@Test
	void nestedValuesAreUnmodifiable() {
		PgTrickleAlert alert = PgTrickleAlert.parse("pg_trickle_alert", "{\"list\":[1,{\"a\":\"b\"}],\"map\":{\"k\":[]}}");
		assertThat(alert.getFields().get("list")).isEqualTo(List.of(1L, Map.of("a", "b")));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((List<?>) alert.getFields().get("list")).add(null));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> alert.getFields().put("x", 1L));
	}

	@Test
	void toStringAbbreviatesLongPayloads() {
		String payload = "{\"error\":\"" + "y".repeat(1000) + "\"}";
		assertThat(PgTrickleAlert.parse("pg_trickle_alert", payload).toString()).startsWith("PgTrickleAlert[pg_trickle_alert: {")
			.endsWith("... (" + payload.length() + " characters)]")
			.hasSizeLessThan(300);
	}

}
