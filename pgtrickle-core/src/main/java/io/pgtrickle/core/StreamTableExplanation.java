package io.pgtrickle.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * pg_trickle's explanation of a stream table ({@code pgtrickle.explain_st}): properties such as
 * {@code refresh_mode}, {@code dvm_supported}, {@code operator_tree}, {@code delta_query} or
 * {@code recommended_refresh_mode}, in the order pg_trickle lists them.
 *
 * @param streamTable the schema-qualified stream table
 * @param properties the properties by name
 */
public record StreamTableExplanation(StreamTableName streamTable, Map<String, String> properties) {

	/**
	 * Create a new instance.
	 * @param streamTable the schema-qualified stream table
	 * @param properties the properties by name
	 */
	public StreamTableExplanation {
		properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/**
	 * Return one property.
	 * @param name the property name, for example {@code refresh_mode}
	 * @return the value, or {@code null} if pg_trickle did not report it
	 */
	public @Nullable String property(String name) {
		return this.properties.get(name);
	}

}
