package io.pgtrickle.jpa;

import java.util.Map;
import java.util.Set;

import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.JdbcTypeNameMapper;
import org.jspecify.annotations.Nullable;

/**
 * Whether a column of a given PostgreSQL type can be read as the JDBC type Hibernate maps an
 * attribute to, without an error or a silent loss of the integral part or the fraction of a number.
 * Character types accept every column (PostgreSQL renders any value as text); JDBC types this class
 * does not know are accepted.
 */
final class ColumnTypes {

	private static final Set<String> SMALL_INTEGERS = Set.of("int2");

	private static final Set<String> INTEGERS = Set.of("int2", "int4");

	private static final Set<String> BIG_INTEGERS = Set.of("int2", "int4", "int8");

	private static final Set<String> EXACT_NUMBERS = Set.of("int2", "int4", "int8", "numeric", "float4", "float8");

	private static final Set<String> FLOATS = Set.of("int2", "int4", "int8", "numeric", "float4", "float8");

	private static final Set<String> DATES = Set.of("date", "timestamp", "timestamptz");

	private static final Set<String> TIMES = Set.of("time", "timetz");

	private static final Set<String> TIMESTAMPS = Set.of("timestamp", "timestamptz", "date");

	private static final Set<String> BINARY = Set.of("bytea");

	private static final Map<String, String> SUGGESTIONS = Map.ofEntries(Map.entry("bool", "Boolean"),
			Map.entry("int2", "Short or Integer"), Map.entry("int4", "Integer or Long"), Map.entry("int8", "Long"),
			Map.entry("numeric", "BigDecimal"), Map.entry("float4", "Float or Double"), Map.entry("float8", "Double"),
			Map.entry("text", "String"), Map.entry("varchar", "String"), Map.entry("bpchar", "String"),
			Map.entry("date", "LocalDate"), Map.entry("time", "LocalTime"), Map.entry("timetz", "OffsetTime"),
			Map.entry("timestamp", "LocalDateTime"), Map.entry("timestamptz", "Instant or OffsetDateTime"),
			Map.entry("interval", "Duration"), Map.entry("bytea", "byte[]"), Map.entry("uuid", "UUID"),
			Map.entry("json", "String with @JdbcTypeCode(SqlTypes.JSON)"),
			Map.entry("jsonb", "String with @JdbcTypeCode(SqlTypes.JSON)"));

	private ColumnTypes() {
	}

	/**
	 * Return whether a column can be read as the given JDBC type.
	 * @param jdbcTypeCode the JDBC type code Hibernate uses ({@link SqlTypes})
	 * @param typeName the PostgreSQL type name ({@code pg_type.typname})
	 * @param typeCategory the PostgreSQL type category ({@code pg_type.typcategory})
	 * @return {@code true} if the column can be read
	 */
	static boolean isReadableAs(int jdbcTypeCode, String typeName, String typeCategory) {
		return switch (jdbcTypeCode) {
			case SqlTypes.BOOLEAN, SqlTypes.BIT -> typeName.equals("bool");
			case SqlTypes.TINYINT, SqlTypes.SMALLINT -> SMALL_INTEGERS.contains(typeName);
			case SqlTypes.INTEGER -> INTEGERS.contains(typeName);
			case SqlTypes.BIGINT -> BIG_INTEGERS.contains(typeName);
			case SqlTypes.NUMERIC, SqlTypes.DECIMAL -> EXACT_NUMBERS.contains(typeName);
			case SqlTypes.FLOAT, SqlTypes.REAL, SqlTypes.DOUBLE -> FLOATS.contains(typeName);
			case SqlTypes.CHAR, SqlTypes.NCHAR, SqlTypes.VARCHAR, SqlTypes.NVARCHAR, SqlTypes.LONGVARCHAR,
					SqlTypes.LONGNVARCHAR, SqlTypes.LONG32VARCHAR, SqlTypes.LONG32NVARCHAR ->
				true;
			case SqlTypes.CLOB, SqlTypes.NCLOB, SqlTypes.MATERIALIZED_CLOB, SqlTypes.MATERIALIZED_NCLOB ->
				typeCategory.equals("S") || typeName.equals("oid");
			case SqlTypes.DATE, SqlTypes.LOCAL_DATE -> DATES.contains(typeName);
			case SqlTypes.TIME, SqlTypes.TIME_WITH_TIMEZONE, SqlTypes.TIME_UTC, SqlTypes.LOCAL_TIME,
					SqlTypes.OFFSET_TIME ->
				TIMES.contains(typeName);
			case SqlTypes.TIMESTAMP, SqlTypes.TIMESTAMP_WITH_TIMEZONE, SqlTypes.TIMESTAMP_UTC, SqlTypes.INSTANT,
					SqlTypes.LOCAL_DATE_TIME, SqlTypes.OFFSET_DATE_TIME, SqlTypes.ZONED_DATE_TIME ->
				TIMESTAMPS.contains(typeName);
			case SqlTypes.BINARY, SqlTypes.VARBINARY, SqlTypes.LONGVARBINARY, SqlTypes.LONG32VARBINARY, SqlTypes.BLOB,
					SqlTypes.MATERIALIZED_BLOB ->
				BINARY.contains(typeName) || typeName.equals("oid");
			case SqlTypes.UUID -> typeName.equals("uuid");
			case SqlTypes.JSON -> typeName.equals("json") || typeName.equals("jsonb");
			case SqlTypes.SQLXML -> typeName.equals("xml");
			case SqlTypes.INET -> typeName.equals("inet") || typeName.equals("cidr");
			case SqlTypes.INTERVAL_SECOND -> typeName.equals("interval");
			case SqlTypes.DURATION -> typeName.equals("interval") || EXACT_NUMBERS.contains(typeName);
			case SqlTypes.ARRAY -> typeCategory.equals("A");
			case SqlTypes.ENUM, SqlTypes.NAMED_ENUM -> typeCategory.equals("E") || typeCategory.equals("S");
			case SqlTypes.ORDINAL_ENUM, SqlTypes.NAMED_ORDINAL_ENUM ->
				typeCategory.equals("E") || BIG_INTEGERS.contains(typeName);
			default -> true;
		};
	}

	/**
	 * Return the Java types that read a column of the given type best.
	 * @param typeName the PostgreSQL type name
	 * @return a suggestion, or {@code null} if there is none
	 */
	static @Nullable String suggestJavaType(String typeName) {
		return SUGGESTIONS.get(typeName);
	}

	/**
	 * Return the name of a JDBC type code.
	 * @param jdbcTypeCode the code
	 * @return the name, for example {@code BIGINT}
	 */
	static String jdbcTypeName(int jdbcTypeCode) {
		return JdbcTypeNameMapper.getTypeName(jdbcTypeCode);
	}

}
