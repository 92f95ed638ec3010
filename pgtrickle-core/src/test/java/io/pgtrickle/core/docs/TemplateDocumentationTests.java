package io.pgtrickle.core.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that every Java snippet of {@code docs/template.md} is copied from the compiled snippets
 * in this package.
 */
class TemplateDocumentationTests {

	private static final Path DOCUMENT = Path.of("../docs/template.md");

	private static final Path SNIPPETS = Path.of("src/test/java/io/pgtrickle/core/docs");

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyJavaSnippetIsCompiledCode() throws IOException {
		String sources;
		try (Stream<Path> files = Files.list(SNIPPETS)) {
			sources = normalize(files.filter((file) -> file.toString().endsWith(".java")).map((file) -> {
				try {
					return Files.readString(file);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).collect(Collectors.joining("\n")));
		}
		List<String> blocks = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(Files.readString(DOCUMENT));
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
		for (String block : blocks) {
			assertThat(sources).as("snippet in docs/template.md:%n%s", block).contains(normalize(block));
		}
	}

	private static String normalize(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).collect(Collectors.joining("\n"));
	}

}
