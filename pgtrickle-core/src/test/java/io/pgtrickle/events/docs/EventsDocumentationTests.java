package io.pgtrickle.events.docs;

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
 * Checks that every Java snippet of {@code docs/events.md} is copied from the compiled snippets in
 * this package.
 */
class EventsDocumentationTests {

	private static final Path DOCUMENT = Path.of("../docs/events.md");

	private static final Path SNIPPETS = Path.of("src/test/java/io/pgtrickle/events/docs");

	private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everyJavaSnippetIsCompiledCode() throws IOException {
		String sources;
		try (Stream<Path> files = Files.list(SNIPPETS)) {
			sources = files.filter((file) -> file.toString().endsWith(".java"))
				.map(EventsDocumentationTests::read)
				.map(EventsDocumentationTests::normalize)
				.collect(Collectors.joining("\n"));
		}
		List<String> blocks = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(Files.readString(DOCUMENT));
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		assertThat(blocks).hasSizeGreaterThanOrEqualTo(7);
		for (String block : blocks) {
			assertThat(sources).as("snippet in docs/events.md:%n%s", block).contains(normalize(block));
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + file, ex);
		}
	}

	private static String normalize(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).collect(Collectors.joining("\n"));
	}

}
