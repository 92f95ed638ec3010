package io.pgtrickle.events;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the flat JSON objects pg_trickle sends as alert payloads, tolerating what the server may
 * send besides valid JSON: pg_trickle 0.67 cuts a payload longer than 7,900 bytes to 7,890 bytes and
 * appends {@code ...}}, which leaves a string unterminated. The parser never throws: it returns the
 * members it could read before the end or the first error, and says whether the text was a valid
 * JSON object.
 * <p>
 * Strings, numbers ({@link Long} when integral and in range, {@link Double} otherwise, or
 * {@link BigDecimal} for integers beyond {@code long}), booleans and {@code null} are read into
 * Java values; nested objects and arrays into unmodifiable {@link Map}s and {@link List}s. A string
 * cut by the end of the text is kept as far as it arrived (without pg_trickle's {@code ...}}
 * marker); a cut number, literal, key or nested value is dropped, since what arrived of it may be
 * wrong rather than incomplete.
 */
final class AlertPayloadParser {

	/**
	 * What pg_trickle 0.67 appends to a payload it cut.
	 */
	static final String TRUNCATION_MARKER = "...}";

	private static final int MAX_DEPTH = 32;

	private final String text;

	private final int end;

	private int position;

	private AlertPayloadParser(String text) {
		this.text = text;
		this.end = text.length();
	}

	/**
	 * Read a payload.
	 * @param payload the payload text
	 * @return the members read, and whether the payload was a valid JSON object
	 */
	static Result parse(String payload) {
		return new AlertPayloadParser(payload).readPayload();
	}

	private Result readPayload() {
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		try {
			skipWhitespace();
			expect('{');
			skipWhitespace();
			if (!consume('}')) {
				readMembers(members);
			}
			skipWhitespace();
			return new Result(members, this.position == this.end);
		}
		catch (Stop ex) {
			return new Result(members, false);
		}
	}

	private void readMembers(Map<String, @Nullable Object> members) {
		while (true) {
			skipWhitespace();
			String key = readString();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			if (peek() == '"') {
				try {
					members.put(key, readString());
				}
				catch (CutString ex) {
					members.put(key, withoutMarker(ex.partial));
					throw ex;
				}
			}
			else {
				members.put(key, readValue(1));
			}
			skipWhitespace();
			if (consume('}')) {
				return;
			}
			expect(',');
		}
	}

	private @Nullable Object readValue(int depth) {
		if (depth > MAX_DEPTH) {
			throw new Stop();
		}
		char ch = peek();
		return switch (ch) {
			case '"' -> readString();
			case '{' -> readObject(depth);
			case '[' -> readArray(depth);
			case 't' -> readLiteral("true", Boolean.TRUE);
			case 'f' -> readLiteral("false", Boolean.FALSE);
			case 'n' -> readLiteral("null", null);
			default -> readNumber();
		};
	}

	private Map<String, @Nullable Object> readObject(int depth) {
		expect('{');
		Map<String, @Nullable Object> members = new LinkedHashMap<>();
		skipWhitespace();
		if (consume('}')) {
			return Collections.unmodifiableMap(members);
		}
		while (true) {
			skipWhitespace();
			String key = readString();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			members.put(key, readValue(depth + 1));
			skipWhitespace();
			if (consume('}')) {
				return Collections.unmodifiableMap(members);
			}
			expect(',');
		}
	}

	private List<@Nullable Object> readArray(int depth) {
		expect('[');
		List<@Nullable Object> elements = new ArrayList<>();
		skipWhitespace();
		if (consume(']')) {
			return Collections.unmodifiableList(elements);
		}
		while (true) {
			skipWhitespace();
			elements.add(readValue(depth + 1));
			skipWhitespace();
			if (consume(']')) {
				return Collections.unmodifiableList(elements);
			}
			expect(',');
		}
	}

	private String readString() {
		expect('"');
		StringBuilder value = new StringBuilder();
		while (this.position < this.end) {
			char ch = this.text.charAt(this.position++);
			if (ch == '"') {
				return value.toString();
			}
			if (ch != '\\') {
				value.append(ch);
				continue;
			}
			if (this.position >= this.end) {
				break;
			}
			char escaped = this.text.charAt(this.position++);
			switch (escaped) {
				case '"', '\\', '/' -> value.append(escaped);
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'u' -> {
					int codeUnit = readHex4();
					if (codeUnit < 0) {
						throw new CutString(value.toString());
					}
					value.append((char) codeUnit);
				}
				default -> throw new CutString(value.toString());
			}
		}
		throw new CutString(value.toString());
	}

	private int readHex4() {
		if (this.position + 4 > this.end) {
			return -1;
		}
		int codeUnit = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(this.text.charAt(this.position + i), 16);
			if (digit < 0) {
				return -1;
			}
			codeUnit = codeUnit * 16 + digit;
		}
		this.position += 4;
		return codeUnit;
	}

	private @Nullable Object readLiteral(String literal, @Nullable Object value) {
		if (!this.text.startsWith(literal, this.position)) {
			throw new Stop();
		}
		this.position += literal.length();
		return value;
	}

	private Number readNumber() {
		int start = this.position;
		boolean integral = true;
		while (this.position < this.end) {
			char ch = this.text.charAt(this.position);
			if (ch == '.' || ch == 'e' || ch == 'E') {
				integral = false;
			}
			else if (!(ch >= '0' && ch <= '9') && ch != '-' && ch != '+') {
				break;
			}
			this.position++;
		}
		String token = this.text.substring(start, this.position);
		if (!isJsonNumber(token)) {
			throw new Stop();
		}
		if (integral) {
			try {
				return Long.parseLong(token);
			}
			catch (NumberFormatException ex) {
				return new BigDecimal(token);
			}
		}
		return Double.parseDouble(token);
	}

	/**
	 * Whether the token follows JSON's number grammar:
	 * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}.
	 */
	private static boolean isJsonNumber(String token) {
		int i = 0;
		int length = token.length();
		if (i < length && token.charAt(i) == '-') {
			i++;
		}
		int digits = countDigits(token, i);
		if (digits == 0 || (digits > 1 && token.charAt(i) == '0')) {
			return false;
		}
		i += digits;
		if (i < length && token.charAt(i) == '.') {
			i++;
			digits = countDigits(token, i);
			if (digits == 0) {
				return false;
			}
			i += digits;
		}
		if (i < length && (token.charAt(i) == 'e' || token.charAt(i) == 'E')) {
			i++;
			if (i < length && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
				i++;
			}
			digits = countDigits(token, i);
			if (digits == 0) {
				return false;
			}
			i += digits;
		}
		return i == length;
	}

	private static int countDigits(String token, int from) {
		int i = from;
		while (i < token.length() && token.charAt(i) >= '0' && token.charAt(i) <= '9') {
			i++;
		}
		return i - from;
	}

	private String withoutMarker(String partial) {
		if (this.text.endsWith(TRUNCATION_MARKER) && partial.endsWith(TRUNCATION_MARKER)) {
			return partial.substring(0, partial.length() - TRUNCATION_MARKER.length());
		}
		return partial;
	}

	private void skipWhitespace() {
		while (this.position < this.end) {
			char ch = this.text.charAt(this.position);
			if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
				return;
			}
			this.position++;
		}
	}

	private char peek() {
		if (this.position >= this.end) {
			throw new Stop();
		}
		return this.text.charAt(this.position);
	}

	private boolean consume(char expected) {
		if (this.position < this.end && this.text.charAt(this.position) == expected) {
			this.position++;
			return true;
		}
		return false;
	}

	private void expect(char expected) {
		if (!consume(expected)) {
			throw new Stop();
		}
	}

	/**
	 * The members of a payload, in the order they arrived.
	 *
	 * @param members the members read before the end of the text or the first error
	 * @param wellFormed whether the whole text was one valid JSON object
	 */
	record Result(Map<String, @Nullable Object> members, boolean wellFormed) {

	}

	/**
	 * Ends reading at the end of the text or at an error; control flow only, so without a stack
	 * trace.
	 */
	private static class Stop extends RuntimeException {

		Stop() {
			super(null, null, false, false);
		}

	}

	/**
	 * Ends reading inside a string, with what was read of it.
	 */
	private static final class CutString extends Stop {

		private final String partial;

		CutString(String partial) {
			this.partial = partial;
		}

	}

}
