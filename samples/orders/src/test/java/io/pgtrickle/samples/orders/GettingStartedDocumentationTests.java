package io.pgtrickle.samples.orders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/getting-started.md true: every snippet in it appears, line for line, in a file of this
 * sample that the build compiles and tests.
 */
class GettingStartedDocumentationTests {

	private static final Path SAMPLE = Path.of("").toAbsolutePath();

	private static final Path GUIDE = SAMPLE.resolve("../../docs/getting-started.md").normalize();

	private static final Pattern SNIPPET = Pattern.compile("```[a-z]+\\n(.*?)```", Pattern.DOTALL);

	@Test
	void everySnippetIsTakenFromTheSample() throws IOException {
		List<String> sources = sampleFiles();
		List<String> snippets = snippets(Files.readString(GUIDE));
		assertThat(snippets).hasSizeGreaterThanOrEqualTo(7);
		for (String snippet : snippets) {
			assertThat(sources).as("a sample file containing the snippet%n%s", snippet)
				.anySatisfy((source) -> assertThat(source).contains(snippet));
		}
	}

	private static List<String> snippets(String guide) {
		List<String> snippets = new ArrayList<>();
		Matcher matcher = SNIPPET.matcher(guide);
		while (matcher.find()) {
			snippets.add(normalize(matcher.group(1)));
		}
		return snippets;
	}

	private static List<String> sampleFiles() throws IOException {
		try (Stream<Path> files = Files.walk(SAMPLE)) {
			List<Path> paths = files.filter(Files::isRegularFile)
				.filter((path) -> !path.startsWith(SAMPLE.resolve("target")))
				.filter((path) -> path.toString().matches(".*\\.(java|sql|xml|yaml)$"))
				.toList();
			List<String> sources = new ArrayList<>();
			for (Path path : paths) {
				sources.add(normalize(Files.readString(path)));
			}
			return sources;
		}
	}

	private static String normalize(String text) {
		StringBuilder normalized = new StringBuilder();
		for (String line : text.split("\\R")) {
			if (!line.isBlank()) {
				normalized.append(line.strip()).append('\n');
			}
		}
		return normalized.toString();
	}

}
