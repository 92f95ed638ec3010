package io.pgtrickle.autoconfigure.endpoint;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.Assert;

import io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpoint.Action;
import io.pgtrickle.core.ExtensionNotInstalledException;
import io.pgtrickle.core.InvalidStreamTableArgumentException;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTableNotFoundException;
import io.pgtrickle.core.StreamTablePermissionException;
import io.pgtrickle.core.StreamTableSuspendedException;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link PgTrickleEndpoint}: answers a
 * request about an unknown stream table with 404, a bad request (a malformed name, an unknown
 * action) with 400, a request that the stream table's status forbids (refreshing a suspended one,
 * resuming an active one) with 409, and any request while pg_trickle is not installed with 503,
 * each with a message that says what is wrong.
 */
@EndpointWebExtension(endpoint = PgTrickleEndpoint.class)
public class PgTrickleEndpointWebExtension {

	private static final int STATUS_FORBIDDEN = 403;

	private static final int STATUS_CONFLICT = 409;

	private final PgTrickleEndpoint delegate;

	/**
	 * Create a new instance.
	 * @param delegate the endpoint to delegate to
	 */
	public PgTrickleEndpointWebExtension(PgTrickleEndpoint delegate) {
		Assert.notNull(delegate, "'delegate' must not be null");
		this.delegate = delegate;
	}

	/**
	 * Return every stream table with its state, the extension's version and capabilities, and the
	 * health of change capture.
	 * @return the description, or a 503 response with a message when pg_trickle is not installed
	 */
	@ReadOperation
	public WebEndpointResponse<Object> pgTrickle() {
		return respond(this.delegate::pgTrickle);
	}

	/**
	 * Return one stream table's definition, state, latest refreshes and sources.
	 * @param name the stream table
	 * @return the description, or a 404 or 400 response with a message
	 */
	@ReadOperation
	public WebEndpointResponse<Object> streamTable(@Selector String name) {
		return respond(() -> {
			Object descriptor = this.delegate.streamTable(name);
			if (descriptor == null) {
				throw new StreamTableNotFoundException("Stream table '" + name + "' does not exist; "
						+ "GET /actuator/pgtrickle lists the stream tables", StreamTableName.of(name), null);
			}
			return descriptor;
		});
	}

	/**
	 * Refresh, suspend or resume a stream table.
	 * @param name the stream table
	 * @param action {@code refresh}, {@code suspend} or {@code resume}
	 * @return what was done, or a 400, 404 or 409 response with a message
	 */
	@WriteOperation
	public WebEndpointResponse<Object> streamTableAction(@Selector String name, @Nullable String action) {
		return respond(() -> this.delegate.streamTableAction(name, action(action)));
	}

	private static Action action(@Nullable String action) {
		String valid = Arrays.stream(Action.values())
			.map((value) -> "'" + value.name().toLowerCase(Locale.ROOT) + "'")
			.reduce((left, right) -> left + ", " + right)
			.orElse("");
		if (action == null || action.isBlank()) {
			throw new InvalidEndpointRequestException("Missing action", "Missing 'action' in the request body; use "
					+ valid + ", for example {\"action\": \"refresh\"}");
		}
		try {
			return Action.valueOf(action.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException("Unknown action " + action,
					"Unknown action '" + action + "'; use " + valid);
		}
	}

	private static WebEndpointResponse<Object> respond(Supplier<Object> operation) {
		try {
			return new WebEndpointResponse<>(operation.get());
		}
		catch (InvalidEndpointRequestException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, ex.getReason());
		}
		catch (StreamTableNotFoundException ex) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, ex.getMessage());
		}
		catch (StreamTableSuspendedException | InvalidStreamTableArgumentException ex) {
			return error(STATUS_CONFLICT, ex.getMessage());
		}
		catch (StreamTablePermissionException ex) {
			return error(STATUS_FORBIDDEN, ex.getMessage());
		}
		catch (ExtensionNotInstalledException ex) {
			return error(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, ex.getMessage());
		}
	}

	private static WebEndpointResponse<Object> error(int status, @Nullable String message) {
		return new WebEndpointResponse<>(new ErrorDescriptor(status, (message != null) ? message : ""), status);
	}

	/**
	 * Description of a request the endpoint could not serve.
	 *
	 * @param status the HTTP status
	 * @param message what is wrong, and what to do about it
	 */
	public record ErrorDescriptor(int status, String message) {

	}

}
