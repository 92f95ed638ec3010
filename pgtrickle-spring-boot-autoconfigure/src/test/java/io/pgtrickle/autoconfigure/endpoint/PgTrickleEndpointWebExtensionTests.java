package io.pgtrickle.autoconfigure.endpoint;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.pgtrickle.autoconfigure.endpoint.PgTrickleEndpointWebExtension.ErrorDescriptor;
import io.pgtrickle.core.ExtensionNotInstalledException;
import io.pgtrickle.core.PgTrickleOperations;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTablePermissionException;
import io.pgtrickle.core.StreamTableSuspendedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link PgTrickleEndpointWebExtension}.
 */
class PgTrickleEndpointWebExtensionTests {

	private static final StreamTableName NAME = StreamTableName.of("public.order_totals");

	private final PgTrickleOperations operations = mock(PgTrickleOperations.class);

	private final PgTrickleEndpointWebExtension extension = new PgTrickleEndpointWebExtension(
			new PgTrickleEndpoint(this.operations));

	@Test
	void unknownStreamTableIsNotFound() {
		given(this.operations.findInfo(NAME)).willReturn(Optional.empty());
		assertError(this.extension.streamTable("public.order_totals"), 404, "does not exist");
	}

	@Test
	void malformedNameIsABadRequestWithoutTouchingTheDatabase() {
		assertError(this.extension.streamTable("public.Order_Totals"), 400, "upper-case letter 'O'");
		assertError(this.extension.streamTableAction("", "refresh"), 400, "empty table part");
		verifyNoInteractions(this.operations);
	}

	@Test
	void missingOrUnknownActionIsABadRequest() {
		assertError(this.extension.streamTableAction("public.order_totals", null), 400, "Missing 'action'");
		assertError(this.extension.streamTableAction("public.order_totals", " "), 400, "Missing 'action'");
		assertError(this.extension.streamTableAction("public.order_totals", "drop"), 400, "Unknown action 'drop'");
		verifyNoInteractions(this.operations);
	}

	@Test
	void refreshOfAHaltedStreamTableIsAConflict() {
		given(this.operations.refresh(NAME))
			.willThrow(new StreamTableSuspendedException("Stream table public.order_totals is SUSPENDED", NAME, null));
		assertError(this.extension.streamTableAction("public.order_totals", "refresh"), 409, "is SUSPENDED");
	}

	@Test
	void permissionDeniedIsForbidden() {
		willThrow(new StreamTablePermissionException("Permission denied for stream table", NAME, null))
			.given(this.operations)
			.suspend(NAME);
		assertError(this.extension.streamTableAction("public.order_totals", "suspend"), 403, "Permission denied");
	}

	@Test
	void missingExtensionIsServiceUnavailable() {
		given(this.operations.capabilities())
			.willThrow(new ExtensionNotInstalledException("pg_trickle is not installed", null, null));
		assertError(this.extension.pgTrickle(), 503, "pg_trickle is not installed");
	}

	private static void assertError(WebEndpointResponse<Object> response, int status, String message) {
		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getBody()).isInstanceOfSatisfying(ErrorDescriptor.class, (error) -> {
			assertThat(error.status()).isEqualTo(status);
			assertThat(error.message()).contains(message);
		});
	}

}
