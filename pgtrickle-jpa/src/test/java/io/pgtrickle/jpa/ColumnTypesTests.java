package io.pgtrickle.jpa;

import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ColumnTypes}.
 */
class ColumnTypesTests {

	@Test
	void integersAreReadableAsWiderIntegersOnly() {
		assertThat(ColumnTypes.isReadableAs(SqlTypes.BIGINT, "int4", "N")).isTrue();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.BIGINT, "int8", "N")).isTrue();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.INTEGER, "int8", "N")).isFalse();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.SMALLINT, "int4", "N")).isFalse();
	}

	@Test
	void fractionsAreNotReadableAsIntegers() {
		assertThat(ColumnTypes.isReadableAs(SqlTypes.BIGINT, "numeric", "N")).isFalse();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.NUMERIC, "numeric", "N")).isTrue();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.DOUBLE, "numeric", "N")).isTrue();
	}

	@Test
	void everyColumnIsReadableAsText() {
		assertThat(ColumnTypes.isReadableAs(SqlTypes.VARCHAR, "jsonb", "U")).isTrue();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.VARCHAR, "int8", "N")).isTrue();
	}

	@Test
	void timestampsAndBinaryNeedTheirTypes() {
		assertThat(ColumnTypes.isReadableAs(SqlTypes.TIMESTAMP_UTC, "timestamptz", "D")).isTrue();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.TIMESTAMP_UTC, "text", "S")).isFalse();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.BIGINT, "bytea", "U")).isFalse();
		assertThat(ColumnTypes.isReadableAs(SqlTypes.VARBINARY, "bytea", "U")).isTrue();
	}

	@Test
	void unknownJdbcTypesAreAccepted() {
		assertThat(ColumnTypes.isReadableAs(SqlTypes.GEOMETRY, "geometry", "U")).isTrue();
	}

	@Test
	void suggestsJavaTypes() {
		assertThat(ColumnTypes.suggestJavaType("numeric")).isEqualTo("BigDecimal");
		assertThat(ColumnTypes.suggestJavaType("int8")).isEqualTo("Long");
		assertThat(ColumnTypes.suggestJavaType("tsvector")).isNull();
		assertThat(ColumnTypes.jdbcTypeName(SqlTypes.BIGINT)).isEqualTo("BIGINT");
	}

}
