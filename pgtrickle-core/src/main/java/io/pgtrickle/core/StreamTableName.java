package io.pgtrickle.core;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The name of a stream table: a schema and a table name. pg_trickle splits a name at its first dot,
 * never removes quotes and never folds case, and it looks the storage table up with an unquoted
 * name; so this type accepts only parts that PostgreSQL leaves unquoted: lower-case ASCII letters,
 * digits and underscores, starting with a letter or underscore, at most 63 bytes. Anything else is
 * rejected with an {@link InvalidStreamTableNameException} that says why.
 * <p>
 * A name without a schema is resolved by {@link PgTrickleTemplate} once per operation against the
 * connection's {@code current_schema()}, and then always sent qualified.
 *
 * @see #of(String)
 */
public final class StreamTableName implements Comparable<StreamTableName>, Serializable {

	private static final long serialVersionUID = 1L;

	private static final int MAX_IDENTIFIER_BYTES = 63;

	private static final Comparator<StreamTableName> ORDER = Comparator
		.comparing((StreamTableName name) -> name.schema, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing((name) -> name.name);

	/**
	 * The schema, {@code null} when unqualified.
	 */
	private final @Nullable String schema;

	/**
	 * The table name.
	 */
	private final String name;

	private StreamTableName(@Nullable String schema, String name) {
		this.schema = schema;
		this.name = name;
	}

	/**
	 * Return the name of a stream table given as {@code schema.table} or as {@code table}.
	 * @param name the name; split at its only dot
	 * @return the stream table name
	 * @throws InvalidStreamTableNameException if the name cannot be expressed to pg_trickle
	 */
	public static StreamTableName of(String name) {
		if (name == null) {
			throw invalid("Stream table name must not be null");
		}
		int dot = name.indexOf('.');
		if (dot < 0) {
			return new StreamTableName(null, checkPart(name, "table", name));
		}
		if (name.indexOf('.', dot + 1) >= 0) {
			throw invalid("Stream table name '" + name + "' contains more than one '.': pg_trickle splits a name "
					+ "at its first dot, so neither the schema nor the table may contain one");
		}
		return new StreamTableName(checkPart(name.substring(0, dot), "schema", name),
				checkPart(name.substring(dot + 1), "table", name));
	}

	/**
	 * Return the name of a stream table in the given schema.
	 * @param schema the schema
	 * @param name the table name
	 * @return the stream table name
	 * @throws InvalidStreamTableNameException if a part cannot be expressed to pg_trickle
	 */
	public static StreamTableName of(String schema, String name) {
		if (schema == null || name == null) {
			throw invalid("Stream table schema and name must not be null");
		}
		return new StreamTableName(checkPart(schema, "schema", schema + "." + name),
				checkPart(name, "table", schema + "." + name));
	}

	/**
	 * Return a name read from pg_trickle's catalog, as it is, without the checks of
	 * {@link #of(String, String)}: the catalog may hold names created outside this library.
	 */
	static StreamTableName ofCatalog(String schema, String name) {
		return new StreamTableName(schema, name);
	}

	/**
	 * Return a name found in a server message, split at its first dot, without checks.
	 */
	static StreamTableName ofMessage(String text) {
		int dot = text.indexOf('.');
		return (dot > 0 && dot < text.length() - 1) ? new StreamTableName(text.substring(0, dot), text.substring(dot + 1))
				: new StreamTableName(null, text);
	}

	/**
	 * Return the schema.
	 * @return the schema, or {@code null} if the name is unqualified
	 */
	public @Nullable String schema() {
		return this.schema;
	}

	/**
	 * Return the table name, without the schema.
	 * @return the table name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return whether this name has a schema.
	 * @return {@code true} if the name is schema-qualified
	 */
	public boolean isQualified() {
		return this.schema != null;
	}

	/**
	 * Return this name in the given schema; a name that already has a schema is returned as it is.
	 * @param schema the schema to use when this name has none
	 * @return a schema-qualified name
	 * @throws InvalidStreamTableNameException if the schema cannot be expressed to pg_trickle
	 */
	public StreamTableName inSchema(String schema) {
		if (this.schema != null) {
			return this;
		}
		if (schema == null) {
			throw invalid("Schema of stream table '" + this.name + "' must not be null");
		}
		return new StreamTableName(checkPart(schema, "schema", schema + "." + this.name), this.name);
	}

	@Override
	public int compareTo(StreamTableName other) {
		return ORDER.compare(this, other);
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		return (obj instanceof StreamTableName other) && Objects.equals(this.schema, other.schema)
				&& this.name.equals(other.name);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.schema, this.name);
	}

	/**
	 * Return the name as pg_trickle expects it: {@code schema.table}, or {@code table} when
	 * unqualified.
	 */
	@Override
	public String toString() {
		return (this.schema != null) ? this.schema + "." + this.name : this.name;
	}

	private static String checkPart(String part, String kind, String whole) {
		String subject = "Stream table name '" + whole + "'";
		if (part.isEmpty()) {
			throw invalid(subject + " has an empty " + kind + " part");
		}
		if (part.indexOf('"') >= 0) {
			throw invalid(subject + " contains a double quote: pg_trickle never removes quotes, so a quoted "
					+ "identifier cannot be expressed; write the " + kind + " name without quotes, in lower case");
		}
		int bytes = part.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_IDENTIFIER_BYTES) {
			throw invalid(subject + " has a " + kind + " part of " + bytes + " bytes; PostgreSQL identifiers "
					+ "are limited to " + MAX_IDENTIFIER_BYTES + " bytes");
		}
		for (int i = 0; i < part.length(); i++) {
			char ch = part.charAt(i);
			if (ch >= 'A' && ch <= 'Z') {
				throw invalid(subject + " contains the upper-case letter '" + ch + "': pg_trickle looks stream "
						+ "tables up by unquoted name, which PostgreSQL folds to lower case; use '"
						+ part.toLowerCase(Locale.ROOT) + "'");
			}
			boolean letter = (ch >= 'a' && ch <= 'z') || ch == '_';
			boolean digit = ch >= '0' && ch <= '9';
			if (i == 0 && digit) {
				throw invalid(subject + " has a " + kind + " part starting with a digit, which PostgreSQL only "
						+ "accepts quoted; pg_trickle cannot express names that need quoting");
			}
			if (!letter && !digit) {
				throw invalid(subject + " contains " + describe(part, i) + ", which PostgreSQL only accepts in "
						+ "a quoted identifier; pg_trickle cannot express names that need quoting, so use "
						+ "lower-case ASCII letters, digits and underscores");
			}
		}
		return part;
	}

	private static String describe(String part, int index) {
		int codePoint = part.codePointAt(index);
		if (Character.isWhitespace(codePoint) || Character.isISOControl(codePoint)) {
			return String.format("the character U+%04X", codePoint);
		}
		return "the character '" + new String(Character.toChars(codePoint)) + "'";
	}

	private static InvalidStreamTableNameException invalid(String message) {
		return new InvalidStreamTableNameException(message, null, null);
	}

}
