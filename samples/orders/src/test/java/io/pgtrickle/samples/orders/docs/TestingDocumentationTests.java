package io.pgtrickle.samples.orders.docs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import io.pgtrickle.test.PgTrickleBackend;
import io.pgtrickle.test.PgTrickleContainer;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleDatabases;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/testing.md true: its Java snippets are the compiled tests of this package, its
 * dependency is the one this sample declares, and the settings it names are the ones pgtrickle-test
 * reads.
 */
class TestingDocumentationTests {

	private static final Path ROOT = Path.of("../..");

	private static final Path DOCUMENT = ROOT.resolve("docs/testing.md");

	private static final Path SNIPPETS = Path.of("src/test/java/io/pgtrickle/samples/orders/docs");

	private static final Path PGTRICKLE_TEST_SOURCES = ROOT.resolve("pgtrickle-test/src/main/java");

	private static final Pattern SETTING_READ = Pattern
		.compile("setting\\(\\s*\"([A-Z_]+)\",\\s*\"([a-z.-]+)\"\\s*\\)");

	private static final Pattern SETTING_ROW = Pattern
		.compile("^\\| `(PGTRICKLE_TEST_[A-Z_]+)` / `(pgtrickle\\.test\\.[a-z-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

	@Test
	void everyJavaSnippetIsCompiledCode() throws IOException {
		String sources = normalize(read(SNIPPETS));
		List<String> snippets = blocks("java");
		assertThat(snippets).hasSize(2);
		for (String snippet : snippets) {
			assertThat(sources).as("snippet in docs/testing.md:%n%s", snippet).contains(normalize(snippet));
		}
	}

	@Test
	void dependencySnippetIsDeclaredByTheSample() throws Exception {
		List<String> snippets = blocks("xml");
		assertThat(snippets).hasSize(1);
		Element documented = parse(snippets.get(0));
		assertThat(documented.getTagName()).isEqualTo("dependency");
		NodeList declared = parse(Files.readString(Path.of("pom.xml"))).getElementsByTagName("dependency");
		List<String> coordinates = new ArrayList<>();
		for (int i = 0; i < declared.getLength(); i++) {
			coordinates.add(coordinates((Element) declared.item(i)));
		}
		assertThat(coordinates(documented)).isEqualTo("io.pgtrickle:pgtrickle-test:test");
		assertThat(coordinates).contains(coordinates(documented));
	}

	@Test
	void shellCommandBuildsAModuleWithTheSettingsPgTrickleTestReads() throws IOException {
		List<String> snippets = blocks("shell");
		assertThat(snippets).hasSize(1);
		String command = snippets.get(0);
		Matcher module = Pattern.compile("-pl (\\S+)").matcher(command);
		assertThat(module.find()).isTrue();
		assertThat(ROOT.resolve(module.group(1)).resolve("pom.xml")).isRegularFile();
		assertThat(ROOT.resolve("mvnw")).isRegularFile();
		Map<String, String> read = settingsRead();
		Matcher variables = Pattern.compile("\\b([A-Z][A-Z_]+)=").matcher(command);
		List<String> names = new ArrayList<>();
		while (variables.find()) {
			names.add(variables.group(1));
		}
		assertThat(names).containsExactly("PGTRICKLE_TEST_JDBC_URL", "PGTRICKLE_TEST_USER", "PGTRICKLE_TEST_PASSWORD");
		assertThat(read).containsKeys(names.toArray(String[]::new));
	}

	@Test
	void settingsTableListsExactlyTheSettingsPgTrickleTestReads() throws IOException {
		Map<String, String> documented = new HashMap<>();
		Map<String, String> defaults = new HashMap<>();
		Matcher rows = SETTING_ROW.matcher(Files.readString(DOCUMENT));
		while (rows.find()) {
			documented.put(rows.group(1), rows.group(2));
			defaults.put(rows.group(1), rows.group(3).strip());
		}
		assertThat(documented).isEqualTo(settingsRead());
		assertThat(defaults).containsEntry("PGTRICKLE_TEST_IMAGE",
				"`" + PgTrickleContainer.IMAGE + ":" + PgTrickleContainer.DEFAULT_TAG + "`");
	}

	@Test
	void namesInTheTextExist() throws Exception {
		String text = Files.readString(DOCUMENT);
		assertThat(text).contains("running `" + PgTrickleContainer.IMAGE + "`", "`PgTrickleContainer.DEFAULT_TAG`",
				"`PgTrickleContainer.TAG_0_67`");
		for (PgTrickleBackend backend : PgTrickleBackend.values()) {
			assertThat(text).contains("| `" + backend.name() + "` |");
		}
		for (String method : List.of("backend", "isEmulated", "extensionVersion", "jdbcUrl", "username", "password",
				"dataSource")) {
			assertThat(PgTrickleDatabase.class.getMethod(method)).isNotNull();
		}
		assertThat(PgTrickleDatabases.class.getMethod("create", String.class).getReturnType())
			.isEqualTo(PgTrickleDatabase.class);
	}

	private static Map<String, String> settingsRead() throws IOException {
		Map<String, String> settings = new HashMap<>();
		Matcher matcher = SETTING_READ.matcher(read(PGTRICKLE_TEST_SOURCES));
		while (matcher.find()) {
			settings.put(matcher.group(1), matcher.group(2));
		}
		assertThat(settings).isNotEmpty();
		return settings;
	}

	private static List<String> blocks(String language) throws IOException {
		Matcher matcher = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
			.matcher(Files.readString(DOCUMENT));
		List<String> blocks = new ArrayList<>();
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	private static String read(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			List<Path> sources = files.filter((file) -> file.toString().endsWith(".java")).sorted().toList();
			StringBuilder text = new StringBuilder();
			for (Path source : sources) {
				text.append(Files.readString(source)).append('\n');
			}
			return text.toString();
		}
	}

	private static Element parse(String xml) throws Exception {
		return DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
			.getDocumentElement();
	}

	private static String coordinates(Element dependency) {
		String scope = child(dependency, "scope");
		return child(dependency, "groupId") + ":" + child(dependency, "artifactId") + ":"
				+ (scope.isEmpty() ? "compile" : scope);
	}

	private static String child(Element element, String name) {
		NodeList children = element.getElementsByTagName(name);
		return (children.getLength() > 0) ? children.item(0).getTextContent().strip() : "";
	}

	private static String normalize(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).collect(Collectors.joining("\n"));
	}

}
