package io.pgtrickle.core;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Lenient parsing of the enumerated values pg_trickle returns: unknown values, which a newer
 * server may return, map to a designated constant instead of failing.
 */
final class ServerValues {

	private ServerValues() {
	}

	static <E extends Enum<E>> E parse(Class<E> type, @Nullable String value, E unknown) {
		if (value == null) {
			return unknown;
		}
		String candidate = value.trim().toUpperCase(Locale.ROOT);
		for (E constant : type.getEnumConstants()) {
			if (constant != unknown && constant.name().equals(candidate)) {
				return constant;
			}
		}
		return unknown;
	}

}
