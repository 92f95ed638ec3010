package io.pgtrickle.events;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One notification pg_trickle sent on an alert channel, read tolerantly: every member of the
 * payload is kept, including events and members this library does not know, and a payload that is
 * not valid JSON (pg_trickle 0.67 cuts long payloads, which leaves them invalid) keeps what could be
 * read and says so instead of failing.
 * <p>
 * Payloads on {@value #ALERT_CHANNEL} look like
 * {@code {"event":"refresh_completed","pgt_schema":"public","pgt_name":"order_totals","st":"public.order_totals","action":"DIFFERENTIAL","rows_inserted":3,"rows_deleted":1,"duration_ms":12}};
 * those on {@value #SCHEDULER_ALERT_CHANNEL} name the stream table in {@code stream_table}.
 */
public final class PgTrickleAlert implements Serializable {

	/**
	 * pg_trickle's main alert channel: refreshes, failures, suspensions, staleness and the other
	 * events of its {@code emit_alert}.
	 */
	public static final String ALERT_CHANNEL = "pg_trickle_alert";

	/**
	 * pg_trickle's second alert channel (no underscore after {@code pg}): fuse, watermark and
	 * self-monitoring events of the scheduler.
	 */
	public static final String SCHEDULER_ALERT_CHANNEL = "pgtrickle_alert";

	@Serial
	private static final long serialVersionUID = 1L;

	private static final int MAX_DESCRIBED_PAYLOAD = 200;

	private final String channel;

	private final String payload;

	private final Map<String, @Nullable Object> fields;

	private final boolean malformed;

	private final boolean truncated;

	private final @Nullable String event;

	private final @Nullable String streamTable;

	private final List<String> omittedFields;

	private PgTrickleAlert(String channel, String payload, AlertPayloadParser.Result parsed) {
		this.channel = channel;
		this.payload = payload;
		this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(parsed.members()));
		this.malformed = !parsed.wellFormed();
		this.truncated = (this.malformed && payload.endsWith(AlertPayloadParser.TRUNCATION_MARKER))
				|| Boolean.TRUE.equals(this.fields.get("truncated"));
		this.event = getString("event");
		this.streamTable = streamTable(this);
		this.omittedFields = strings(this.fields.get("omitted_fields"));
	}

	/**
	 * Read a notification's payload. Never fails: a payload that is not a valid JSON object yields
	 * the members read before the first error, and {@link #isMalformed()} is {@code true}.
	 * @param channel the channel the notification came on
	 * @param payload the payload text
	 * @return the alert
	 */
	public static PgTrickleAlert parse(String channel, String payload) {
		Assert.notNull(channel, "'channel' must not be null");
		Assert.notNull(payload, "'payload' must not be null");
		return new PgTrickleAlert(channel, payload, AlertPayloadParser.parse(payload));
	}

	/**
	 * Return the channel the notification came on.
	 * @return {@value #ALERT_CHANNEL} or {@value #SCHEDULER_ALERT_CHANNEL}
	 */
	public String getChannel() {
		return this.channel;
	}

	/**
	 * Return the payload as it arrived.
	 * @return the payload text
	 */
	public String getPayload() {
		return this.payload;
	}

	/**
	 * Return the event name, such as {@code refresh_completed}.
	 * @return the {@code event} member, or {@code null} if the payload has none (a payload cut
	 * before it, for example)
	 */
	public @Nullable String getEvent() {
		return this.event;
	}

	/**
	 * Return the schema-qualified name of the stream table the alert is about, from the
	 * {@code st} member, from {@code pgt_schema} and {@code pgt_name}, or from
	 * {@code stream_table}.
	 * @return the stream table, such as {@code public.order_totals}, or {@code null} for an alert
	 * about no stream table or a payload cut before its name
	 */
	public @Nullable String getStreamTable() {
		return this.streamTable;
	}

	/**
	 * Return every member of the payload, known or not, in the order they arrived. Strings, numbers
	 * ({@link Long}, {@link Double} or {@link BigDecimal}), booleans and {@code null}s are Java
	 * values; nested objects and arrays are {@link Map}s and {@link List}s.
	 * @return the members, unmodifiable
	 */
	public Map<String, @Nullable Object> getFields() {
		return this.fields;
	}

	/**
	 * Return whether pg_trickle shortened the payload: 0.67 cuts a payload longer than 7,900 bytes
	 * to 7,890 bytes plus {@code ...}} (no longer valid JSON), newer versions drop members and say
	 * {@code "truncated": true}. Members after the cut are missing; a string cut in the middle is
	 * kept as far as it arrived.
	 * @return {@code true} if the payload is incomplete
	 */
	public boolean isTruncated() {
		return this.truncated;
	}

	/**
	 * Return whether the payload was not a valid JSON object (which includes a payload cut by
	 * pg_trickle 0.67). {@link #getFields()} then holds the members read before the first error.
	 * @return {@code true} if the payload could not be read completely
	 */
	public boolean isMalformed() {
		return this.malformed;
	}

	/**
	 * Return the members a newer pg_trickle left out of a shortened payload
	 * ({@code omitted_fields}).
	 * @return the names of the omitted members, empty when none were named
	 */
	public List<String> getOmittedFields() {
		return this.omittedFields;
	}

	/**
	 * Return a member as text.
	 * @param name the member name
	 * @return the string value, a number or boolean as text, or {@code null} if the member is
	 * missing, {@code null}, an object or an array
	 */
	public @Nullable String getString(String name) {
		Object value = this.fields.get(name);
		if (value instanceof String string) {
			return string;
		}
		return (value instanceof Number || value instanceof Boolean) ? value.toString() : null;
	}

	/**
	 * Return a member as a whole number.
	 * @param name the member name
	 * @return the value, or {@code null} if the member is missing or not a whole number (a string of
	 * digits counts)
	 */
	public @Nullable Long getLong(String name) {
		Object value = this.fields.get(name);
		if (value instanceof Long number) {
			return number;
		}
		if (value instanceof Double number) {
			return (number == Math.rint(number) && !Double.isInfinite(number)) ? number.longValue() : null;
		}
		if (value instanceof String string) {
			try {
				return Long.parseLong(string.trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Return a member as a number.
	 * @param name the member name
	 * @return the value, or {@code null} if the member is missing or not a number (a numeric string
	 * counts)
	 */
	public @Nullable Double getDouble(String name) {
		Object value = this.fields.get(name);
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		if (value instanceof String string) {
			try {
				return Double.parseDouble(string.trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Return a member as a boolean.
	 * @param name the member name
	 * @return the value, or {@code null} if the member is missing or not a boolean
	 */
	public @Nullable Boolean getBoolean(String name) {
		Object value = this.fields.get(name);
		return (value instanceof Boolean bool) ? bool : null;
	}

	@Override
	public String toString() {
		String described = (this.payload.length() > MAX_DESCRIBED_PAYLOAD)
				? this.payload.substring(0, MAX_DESCRIBED_PAYLOAD) + "... (" + this.payload.length() + " characters)"
				: this.payload;
		return "PgTrickleAlert[" + this.channel + ": " + described + "]";
	}

	private static @Nullable String streamTable(PgTrickleAlert alert) {
		String st = alert.getString("st");
		if (st != null && !st.isEmpty()) {
			return st;
		}
		String schema = alert.getString("pgt_schema");
		String name = alert.getString("pgt_name");
		if (schema != null && name != null) {
			return schema + "." + name;
		}
		String streamTable = alert.getString("stream_table");
		if (streamTable != null && !streamTable.isEmpty()) {
			String streamTableSchema = alert.getString("schema");
			return (streamTable.indexOf('.') < 0 && streamTableSchema != null) ? streamTableSchema + "." + streamTable
					: streamTable;
		}
		return null;
	}

	private static List<String> strings(@Nullable Object value) {
		if (!(value instanceof List<?> list)) {
			return Collections.emptyList();
		}
		List<String> strings = new ArrayList<>(list.size());
		for (Object element : list) {
			if (element != null) {
				strings.add(element.toString());
			}
		}
		return Collections.unmodifiableList(strings);
	}

}
