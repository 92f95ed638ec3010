package io.pgtrickle.samples.orders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.pgtrickle.test.PgTrickleContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks {@code compose.yaml}, which Spring Boot's Docker Compose support starts for
 * {@code spring-boot:run} when Docker runs: it runs the image the tests use, and carries what Boot
 * needs to connect to it. Starting it needs Docker, which the default build does not have.
 */
class ComposeFileTests {

	@Test
	@SuppressWarnings("unchecked")
	void composeFileRunsTheTestedImageAsABootServiceConnection() throws IOException {
		Map<String, Object> compose;
		try (InputStream in = Files.newInputStream(Path.of("compose.yaml"))) {
			compose = new Yaml().load(in);
		}
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		assertThat(services).containsOnlyKeys("postgres");
		Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
		assertThat(postgres.get("image")).isEqualTo(PgTrickleContainer.IMAGE + ":" + PgTrickleContainer.DEFAULT_TAG);
		// The image is not named "postgres", so Boot needs the label to know how to connect.
		assertThat((Map<String, Object>) postgres.get("labels"))
			.containsEntry("org.springframework.boot.service-connection", "postgres");
		assertThat((Map<String, Object>) postgres.get("environment")).containsKeys("POSTGRES_DB", "POSTGRES_USER",
				"POSTGRES_PASSWORD");
		assertThat((List<Object>) postgres.get("ports")).containsExactly("5432");
	}

}
