package io.pgtrickle.autoconfigure.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP requests to a running application, with JSON bodies read into maps.
 */
public final class HttpResponses {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	/**
	 * Create a client for the application on the given port of the loopback interface.
	 * @param port the port
	 */
	public HttpResponses(int port) {
		this.port = port;
	}

	/**
	 * Send a GET request.
	 * @param path the path, for example {@code /actuator/health}
	 * @return the response
	 */
	public Response get(String path) {
		return send(request(path).GET().build());
	}

	/**
	 * Send a POST request with a JSON body.
	 * @param path the path
	 * @param body the JSON body
	 * @param credentials {@code user:password} for basic authentication, or {@code null}
	 * @return the response
	 */
	public Response post(String path, String body, String credentials) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (credentials != null) {
			request.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return send(request.build());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json");
	}

	private static Response send(HttpRequest request) {
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + request.uri(), ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 * @param elapsed how long the request took
	 */
	public record Response(int status, String body, Duration elapsed) {

		/**
		 * Return the body read as a JSON object.
		 * @return the object
		 */
		@SuppressWarnings("unchecked")
		public Map<String, Object> json() {
			return json.readValue(this.body, Map.class);
		}

	}

}
