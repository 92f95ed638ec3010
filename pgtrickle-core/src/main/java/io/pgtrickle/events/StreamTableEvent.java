package io.pgtrickle.events;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Base class of the events about one stream table. Filter them by stream table with a condition:
 * <pre class="code">
 * &#64;EventListener(condition = "#event.streamTable == 'public.order_totals'")
 * void onOrderTotals(StreamTableEvent event) { ... }
 * </pre>
 */
public abstract class StreamTableEvent extends PgTrickleEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String streamTable;

	/**
	 * Create an event.
	 * @param source the object that published the event
	 * @param streamTable the schema-qualified stream table
	 * @param alert the notification the event was made from, or {@code null}
	 */
	protected StreamTableEvent(Object source, String streamTable, @Nullable PgTrickleAlert alert) {
		super(source, alert);
		Assert.hasText(streamTable, "'streamTable' must not be empty");
		this.streamTable = streamTable;
	}

	/**
	 * Return the schema-qualified name of the stream table the event is about.
	 * @return the stream table, such as {@code public.order_totals}
	 */
	@Override
	public String getStreamTable() {
		return this.streamTable;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.streamTable + describe() + "]";
	}

	/**
	 * Describe the event's details for {@link #toString()}.
	 * @return the details, starting with {@code ", "}, or empty
	 */
	String describe() {
		return "";
	}

}
