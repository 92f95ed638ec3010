package io.pgtrickle.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StreamTableName}.
 */
class StreamTableNameTests {

	@Test
	void ofWithQualifiedNameSplitsAtTheDot() {
		StreamTableName name = StreamTableName.of("sales.order_totals");
		assertThat(name.schema()).isEqualTo("sales");
		assertThat(name.name()).isEqualTo("order_totals");
		assertThat(name.isQualified()).isTrue();
		assertThat(name).hasToString("sales.order_totals");
	}

	@Test
	void ofWithUnqualifiedNameHasNoSchema() {
		StreamTableName name = StreamTableName.of("order_totals");
		assertThat(name.schema()).isNull();
		assertThat(name.isQualified()).isFalse();
		assertThat(name).hasToString("order_totals");
	}

	@Test
	void ofWithSchemaAndNameEqualsParsedName() {
		assertThat(StreamTableName.of("sales", "totals")).isEqualTo(StreamTableName.of("sales.totals"))
			.hasSameHashCodeAs(StreamTableName.of("sales.totals"));
	}

	@Test
	void inSchemaQualifiesUnqualifiedName() {
		assertThat(StreamTableName.of("totals").inSchema("public")).isEqualTo(StreamTableName.of("public.totals"));
	}

	@Test
	void inSchemaKeepsExistingSchema() {
		StreamTableName name = StreamTableName.of("sales.totals");
		assertThat(name.inSchema("public")).isSameAs(name);
	}

	@Test
	void namesOfExactly63BytesAreAccepted() {
		String longest = "a".repeat(63);
		assertThat(StreamTableName.of(longest, longest).name()).hasSize(63);
	}

	@Test
	void namesSortBySchemaThenName() {
		assertThat(StreamTableName.of("b.a")).isGreaterThan(StreamTableName.of("a.z"));
		assertThat(StreamTableName.of("a")).isLessThan(StreamTableName.of("a.a"));
	}

	@Test
	void ofWithTwoDotsThrowsNamingTheProblem() {
		assertThatExceptionOfType(InvalidStreamTableNameException.class)
			.isThrownBy(() -> StreamTableName.of("db.sales.totals"))
			.withMessageContaining("'db.sales.totals'")
			.withMessageContaining("more than one '.'");
	}

	@Test
	void ofWithQuotedNameThrowsNamingTheProblem() {
		assertThatExceptionOfType(InvalidStreamTableNameException.class)
			.isThrownBy(() -> StreamTableName.of("\"Totals\""))
			.withMessageContaining("double quote");
	}

	@Test
	void ofWithMixedCaseThrowsAndSuggestsLowerCase() {
		assertThatExceptionOfType(InvalidStreamTableNameException.class)
			.isThrownBy(() -> StreamTableName.of("public.OrderTotals"))
			.withMessageContaining("upper-case letter 'O'")
			.withMessageContaining("use 'ordertotals'");
	}

	@Test
	void ofWith64ByteNameThrows() {
		assertThatExceptionOfType(InvalidStreamTableNameException.class)
			.isThrownBy(() -> StreamTableName.of("a".repeat(64)))
			.withMessageContaining("64 bytes")
			.withMessageContaining("63");
	}

	@Test
	void ofWithEmptyPartThrows() {
		assertThatExceptionOfType(InvalidStreamTableNameException.class).isThrownBy(() -> StreamTableName.of(".totals"))
			.withMessageContaining("empty schema part");
		assertThatExceptionOfType(InvalidStreamTableNameException.class).isThrownBy(() -> StreamTableName.of("sales."))
			.withMessageContaining("empty table part");
		assertThatExceptionOfType(InvalidStreamTableNameException.class).isThrownBy(() -> StreamTableName.of(""))
			.withMessageContaining("empty table part");
	}

	@Test
	void ofWithNullThrows() {
		assertThatExceptionOfType(InvalidStreamTableNameException.class).isThrownBy(() -> StreamTableName.of(null))
			.withMessageContaining("must not be null");
	}

	@Test
	void ofWithWhitespaceNamesTheCodePoint() {
		assertThatExceptionOfType(InvalidStreamTableNameException.class)
			.isThrownBy(() -> StreamTableName.of("order totals"))
			.withMessageContaining("U+0020");
	}

	@ParameterizedTest
	@ValueSource(strings = { "totals;drop", "tot-als", "tot$als", "café", "1totals", "totals'", "tot\\als", "tot\u0000als",
			"tot\tals", "täbelle", "名前", "a/*b*/", "x--y" })
	void ofWithCharactersThatNeedQuotingThrows(String name) {
		assertThatExceptionOfType(InvalidStreamTableNameException.class).isThrownBy(() -> StreamTableName.of(name))
			.withMessageContaining("Stream table name");
	}

	@Test
	void invalidNameExceptionIsAnInvalidArgumentException() {
		assertThatExceptionOfType(InvalidStreamTableArgumentException.class).isThrownBy(() -> StreamTableName.of("A"));
	}

}
