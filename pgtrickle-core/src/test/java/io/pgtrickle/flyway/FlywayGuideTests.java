package io.pgtrickle.flyway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that every snippet of {@code docs/flyway.md} is a verbatim copy of the file (or the
 * tagged region of the file) it names, so that the guide only shows code the build compiles and
 * runs.
 */
class FlywayGuideTests {

	private static final Pattern SNIPPET = Pattern
		.compile("<!-- snippet: ([^ #]+)(?:#([\\w-]+))? -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);

	@Test
	void everySnippetIsCopiedFromTheBuild() throws IOException {
		Path root = Path.of("").toAbsolutePath().getParent();
		String guide = Files.readString(root.resolve("docs/flyway.md"), StandardCharsets.UTF_8);
		Matcher matcher = SNIPPET.matcher(guide);
		List<String> checked = new ArrayList<>();
		while (matcher.find()) {
			String path = matcher.group(1);
			String expected = region(Files.readString(root.resolve(path), StandardCharsets.UTF_8), matcher.group(2));
			assertThat(matcher.group(3)).as("snippet of %s in docs/flyway.md", path).isEqualTo(expected);
			checked.add(path);
		}
		assertThat(checked).hasSizeGreaterThan(15)
			.contains("pgtrickle-core/src/test/resources/db/pgtrickle-docs/liquibase/changelog.xml");
	}

	/**
	 * Return the text between {@code // tag::<tag>[]} and {@code // end::<tag>[]}, without its
	 * common indentation, or the whole text when no tag is given.
	 */
	private static String region(String text, String tag) {
		List<String> lines = List.of(text.split("\n", -1));
		if (tag == null) {
			return text.stripTrailing();
		}
		int start = lines.indexOf(lines.stream().filter((line) -> line.strip().equals("// tag::" + tag + "[]"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No tag " + tag)));
		int end = lines.indexOf(lines.stream().filter((line) -> line.strip().equals("// end::" + tag + "[]"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No end of tag " + tag)));
		List<String> body = lines.subList(start + 1, end);
		int indent = body.stream()
			.filter((line) -> !line.isBlank())
			.mapToInt((line) -> line.length() - line.replaceAll("^\t+", "").length())
			.min()
			.orElse(0);
		List<String> dedented = body.stream().map((line) -> line.isBlank() ? line : line.substring(indent)).toList();
		return String.join("\n", dedented).stripTrailing();
	}

}
