package io.pgtrickle.autoconfigure.testsupport;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites PostgreSQL JDBC URLs of the form {@code jdbc:postgresql://host:port/database?parameters}.
 */
public final class JdbcUrls {

	private static final Pattern URL = Pattern.compile("^jdbc:postgresql://([^/]*)/([^?]*)(\\?.*)?$");

	private JdbcUrls() {
	}

	/**
	 * Return the host and port of a JDBC URL.
	 * @param jdbcUrl the URL
	 * @return the host and port as a URI ({@code //host:port})
	 */
	public static URI hostAndPort(String jdbcUrl) {
		return URI.create("//" + matcher(jdbcUrl).group(1));
	}

	/**
	 * Return the URL with another host and port.
	 * @param jdbcUrl the URL
	 * @param host the new host
	 * @param port the new port
	 * @return the rewritten URL
	 */
	public static String withHostAndPort(String jdbcUrl, String host, int port) {
		Matcher matcher = matcher(jdbcUrl);
		return "jdbc:postgresql://" + host + ":" + port + "/" + matcher.group(2) + query(matcher);
	}

	/**
	 * Return the URL of another database on the same server.
	 * @param jdbcUrl the URL
	 * @param database the database
	 * @return the rewritten URL
	 */
	public static String withDatabase(String jdbcUrl, String database) {
		Matcher matcher = matcher(jdbcUrl);
		return "jdbc:postgresql://" + matcher.group(1) + "/" + database + query(matcher);
	}

	private static String query(Matcher matcher) {
		return (matcher.group(3) != null) ? matcher.group(3) : "";
	}

	private static Matcher matcher(String jdbcUrl) {
		Matcher matcher = URL.matcher(jdbcUrl);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
		}
		return matcher;
	}

}
