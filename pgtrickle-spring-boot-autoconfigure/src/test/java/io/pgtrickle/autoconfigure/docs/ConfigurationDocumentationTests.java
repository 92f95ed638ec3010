package io.pgtrickle.autoconfigure.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/configuration.md in step with the configuration metadata that the build generates from
 * {@link io.pgtrickle.autoconfigure.PgTrickleProperties} and the {@code pgtrickle} endpoint: every
 * property has a row in a table of the document, and the row shows the property's default.
 */
class ConfigurationDocumentationTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path DOCUMENT = Path.of("../docs/configuration.md");

	@Test
	void everyPropertyIsDocumentedWithItsDefault() throws IOException {
		List<Map<String, Object>> properties = properties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("pgtrickle.enabled", "pgtrickle.health.timeout", "management.health.pgtrickle.enabled");
		List<String> rows = Files.readAllLines(DOCUMENT).stream().filter((line) -> line.startsWith("| `")).toList();
		List<String> problems = new ArrayList<>();
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			String row = rows.stream().filter((line) -> line.startsWith("| `" + name + "` |")).findFirst().orElse(null);
			if (row == null) {
				problems.add(name + " has no row in " + DOCUMENT);
				continue;
			}
			String expected = documentedDefault(property.get("defaultValue"));
			if (!normalize(row).contains(normalize(expected))) {
				problems.add(name + " should show the default " + expected + ": " + row);
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyDocumentedPropertyExists() throws IOException {
		List<String> names = properties().stream().map((property) -> (String) property.get("name")).toList();
		List<String> documented = Files.readAllLines(DOCUMENT)
			.stream()
			.filter((line) -> line.startsWith("| `"))
			.map((line) -> line.substring(3, line.indexOf('`', 3)))
			.filter((name) -> name.startsWith("pgtrickle.") || name.contains(".pgtrickle."))
			.toList();
		assertThat(names).containsAll(documented);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> properties() throws IOException {
		Map<String, Object> metadata = JsonMapper.builder().build().readValue(Files.readString(METADATA), Map.class);
		return ((List<Map<String, Object>>) metadata.get("properties")).stream()
			.filter((property) -> ((String) property.get("name")).contains("pgtrickle"))
			.filter((property) -> property.get("deprecation") == null)
			.toList();
	}

	private static String documentedDefault(Object defaultValue) {
		if (defaultValue == null) {
			return "(none)";
		}
		return "`" + defaultValue + "`";
	}

	private static String normalize(String text) {
		return text.toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
