package io.pgtrickle.autoconfigure.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Java snippets of the documentation this module owns identical to code in this package,
 * which compiles and is tested.
 */
class DocumentationSnippetsTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	private static final Path SOURCES = Path.of("src/test/java/io/pgtrickle/autoconfigure/docs");

	@ParameterizedTest
	@ValueSource(strings = { "observability.md", "multiple-datasources.md" })
	void javaSnippetsAreCompiledCode(String document) throws IOException {
		String markdown = Files.readString(Path.of("../docs", document));
		String code = normalize(sources());
		List<String> snippets = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(markdown);
		while (matcher.find()) {
			snippets.add(matcher.group(1));
		}
		assertThat(snippets).isNotEmpty();
		assertThat(snippets).allSatisfy((snippet) -> assertThat(code).contains(normalize(snippet)));
	}

	private static String sources() throws IOException {
		StringBuilder code = new StringBuilder();
		try (Stream<Path> files = Files.list(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).sorted().toList()) {
				code.append(Files.readString(file)).append('\n');
			}
		}
		return code.toString();
	}

	private static String normalize(String text) {
		return text.replaceAll("\\s+", " ").trim();
	}

}
