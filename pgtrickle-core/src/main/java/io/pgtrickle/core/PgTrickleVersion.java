package io.pgtrickle.core;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The version of pg_trickle's SQL surface installed in a database
 * ({@code pg_extension.extversion}), compared numerically.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 * @param text the version as the server reports it, for example {@code 0.67.0}
 */
public record PgTrickleVersion(int major, int minor, int patch, String text) implements Comparable<PgTrickleVersion> {

	private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?.*");

	private static final Comparator<PgTrickleVersion> ORDER = Comparator.comparingInt(PgTrickleVersion::major)
		.thenComparingInt(PgTrickleVersion::minor)
		.thenComparingInt(PgTrickleVersion::patch);

	/**
	 * Parse a version such as {@code 0.67.0}; a missing minor or patch number counts as zero and
	 * anything after the numbers (a pre-release suffix) is kept only in {@link #text()}.
	 * @param text the version text
	 * @return the version
	 * @throws IllegalArgumentException if the text does not start with a number
	 */
	public static PgTrickleVersion parse(String text) {
		Matcher matcher = VERSION.matcher(text.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a pg_trickle version: '" + text + "'");
		}
		return new PgTrickleVersion(Integer.parseInt(matcher.group(1)), number(matcher.group(2)),
				number(matcher.group(3)), text.trim());
	}

	/**
	 * Return whether this version is the given one or later.
	 * @param major the major version
	 * @param minor the minor version
	 * @param patch the patch version
	 * @return {@code true} if this version is at least {@code major.minor.patch}
	 */
	public boolean isAtLeast(int major, int minor, int patch) {
		return compareTo(new PgTrickleVersion(major, minor, patch, "")) >= 0;
	}

	@Override
	public int compareTo(PgTrickleVersion other) {
		return ORDER.compare(this, other);
	}

	@Override
	public String toString() {
		return this.text;
	}

	private static int number(@Nullable String group) {
		return (group != null) ? Integer.parseInt(group) : 0;
	}

}
