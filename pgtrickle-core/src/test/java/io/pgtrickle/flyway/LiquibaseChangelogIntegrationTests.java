package io.pgtrickle.flyway;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static io.pgtrickle.flyway.MigrationTestSupport.columns;
import static io.pgtrickle.flyway.MigrationTestSupport.tableExists;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the Liquibase changelog of {@code docs/flyway.md}: its preconditions hold, its changes
 * apply in order, and its rollbacks, run in reverse order, undo them one by one. The SQL is run the
 * way Liquibase runs {@code <sql splitStatements="false">}: each change set's text as one
 * statement, in its own transaction.
 */
@PgTrickleTest
class LiquibaseChangelogIntegrationTests {

	private static final String CHANGELOG = "db/pgtrickle-docs/liquibase/changelog.xml";

	private static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	@Test
	void changesApplyAndRollBackInReverseOrder(PgTrickleDatabase database) throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
		PgTrickleTemplate pgTrickle = new PgTrickleTemplate(database.dataSource());
		List<ChangeSet> changeSets = readChangelog();
		assertThat(changeSets).extracting(ChangeSet::id)
			.containsExactly("create-orders", "create-order-totals", "order-totals-v2", "order-totals-every-minute");

		for (ChangeSet changeSet : changeSets) {
			for (String check : changeSet.checks()) {
				assertThat(jdbc.queryForObject(check, String.class)).isEqualTo("1");
			}
			changeSet.changes().forEach(jdbc::execute);
		}
		assertThat(columns(jdbc, "public", "order_totals")).contains("order_count");
		assertThat(pgTrickle.findInfo(ORDER_TOTALS).orElseThrow().schedule()).isEqualTo(Schedule.parse("1m"));

		changeSets.get(3).rollbacks().forEach(jdbc::execute);
		assertThat(pgTrickle.findInfo(ORDER_TOTALS).orElseThrow().schedule()).isEqualTo(Schedule.parse("30s"));
		changeSets.get(2).rollbacks().forEach(jdbc::execute);
		assertThat(columns(jdbc, "public", "order_totals")).doesNotContain("order_count");
		changeSets.get(1).rollbacks().forEach(jdbc::execute);
		assertThat(pgTrickle.exists(ORDER_TOTALS)).isFalse();
		changeSets.get(0).rollbacks().forEach(jdbc::execute);
		assertThat(tableExists(jdbc, "public", "orders")).isFalse();
	}

	private static List<ChangeSet> readChangelog() throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		DocumentBuilder builder = factory.newDocumentBuilder();
		Document document;
		try (InputStream stream = LiquibaseChangelogIntegrationTests.class.getClassLoader()
			.getResourceAsStream(CHANGELOG)) {
			assertThat(stream).as(CHANGELOG).isNotNull();
			document = builder.parse(stream);
		}
		List<ChangeSet> changeSets = new ArrayList<>();
		NodeList nodes = document.getElementsByTagNameNS("*", "changeSet");
		for (int i = 0; i < nodes.getLength(); i++) {
			Element changeSet = (Element) nodes.item(i);
			List<String> checks = texts(changeSet, "sqlCheck");
			List<String> changes = new ArrayList<>();
			List<String> rollbacks = new ArrayList<>();
			NodeList sql = changeSet.getElementsByTagNameNS("*", "sql");
			for (int j = 0; j < sql.getLength(); j++) {
				Element element = (Element) sql.item(j);
				boolean rollback = "rollback".equals(element.getParentNode().getLocalName());
				(rollback ? rollbacks : changes).add(element.getTextContent().strip());
			}
			changeSets.add(new ChangeSet(changeSet.getAttribute("id"), checks, changes, rollbacks));
		}
		return changeSets;
	}

	private static List<String> texts(Element parent, String name) {
		List<String> texts = new ArrayList<>();
		NodeList nodes = parent.getElementsByTagNameNS("*", name);
		for (int i = 0; i < nodes.getLength(); i++) {
			texts.add(nodes.item(i).getTextContent().strip());
		}
		return texts;
	}

	private record ChangeSet(String id, List<String> checks, List<String> changes, List<String> rollbacks) {

	}

}
