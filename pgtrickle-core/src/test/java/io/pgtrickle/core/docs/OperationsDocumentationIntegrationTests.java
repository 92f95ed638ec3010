package io.pgtrickle.core.docs;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.core.PgTrickleVersion;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableDefinition;
import io.pgtrickle.core.StreamTableInfo;
import io.pgtrickle.core.StreamTableName;
import io.pgtrickle.core.StreamTablePermissionException;
import io.pgtrickle.core.StreamTableState;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Runs the read grants of {@code docs/operations.md} for a non-superuser application role and checks
 * that they, and nothing else, let the role read pg_trickle's status and a stream table.
 */
@PgTrickleTest
class OperationsDocumentationIntegrationTests {

	private static final Path DOCUMENT = Path.of("../docs/operations.md");

	private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

	/**
	 * The role the grants name. Roles belong to the whole server, which other test classes (and, on
	 * an external server, other builds) share, so the test creates a role of its own with a unique
	 * name and puts that name in place of this one; everything else in the block runs as written.
	 */
	private static final Pattern DOCUMENTED_ROLE = Pattern.compile("\\bapp\\b");

	/**
	 * The stream table the grants name; the test creates it under this very name, so that the
	 * block needs no other change.
	 */
	private static final StreamTableName ORDER_TOTALS = StreamTableName.of("public.order_totals");

	private static final String PASSWORD = "app-password";

	@Test
	void readGrantsLetAnApplicationRoleReadStatusAndStreamTables(PgTrickleDatabase database) throws IOException {
		JdbcTemplate admin = new JdbcTemplate(database.dataSource());
		assumeThat(PgTrickleVersion.parse(database.extensionVersion()).isAtLeast(0, 96, 0))
			.as("docs/operations.md gives these grants for pg_trickle 0.67 to 0.95; later releases grant pgtrickle_reader")
			.isFalse();
		assumeThat(admin.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class))
			.as("the test user is a superuser, who may create roles and grant on pg_trickle's catalog")
			.isTrue();
		String grants = readGrants();
		admin.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)");
		admin.update("INSERT INTO orders VALUES (1, 1, 400), (2, 1, 700), (3, 2, 50)");
		new PgTrickleTemplate(database.dataSource()).create(StreamTableDefinition
			.builder(ORDER_TOTALS, "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id")
			.schedule(Schedule.parse("1h"))
			.build());
		String role = "app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		admin.execute("CREATE ROLE " + quoteIdentifier(role) + " LOGIN PASSWORD '" + PASSWORD + "'");
		try {
			PgTrickleTemplate template = new PgTrickleTemplate(dataSourceFor(database, role));
			JdbcTemplate jdbc = template.getJdbcTemplate();
			assertThat(jdbc.queryForObject("SELECT current_user::text", String.class)).isEqualTo(role);
			assertThatExceptionOfType(StreamTablePermissionException.class).isThrownBy(template::statusSnapshot);
			assertThatExceptionOfType(StreamTablePermissionException.class).isThrownBy(template::findAll);
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> totalOf(jdbc, 1))
				.satisfies((ex) -> assertThat(sqlState(ex)).isEqualTo("42501"));
			admin.execute(DOCUMENTED_ROLE.matcher(grants).replaceAll(role));
			assertThat(template.statusSnapshot().streamTables()).extracting(StreamTableState::name)
				.containsExactly(ORDER_TOTALS);
			assertThat(template.findAll()).extracting(StreamTableInfo::name).containsExactly(ORDER_TOTALS);
			assertThat(totalOf(jdbc, 1)).isEqualByComparingTo("1100");
		}
		finally {
			admin.execute("DROP OWNED BY " + quoteIdentifier(role));
			admin.execute("DROP ROLE " + quoteIdentifier(role));
		}
	}

	/**
	 * Read the statements of the only SQL block of the page.
	 */
	private static String readGrants() throws IOException {
		Matcher matcher = SQL_BLOCK.matcher(Files.readString(DOCUMENT));
		List<String> blocks = new ArrayList<>();
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		assertThat(blocks).hasSize(1);
		String grants = blocks.get(0);
		assertThat(grants).contains("TO app;", ORDER_TOTALS.toString());
		return grants;
	}

	/**
	 * A data source that connects as the given role to the test's database. The test database's URL
	 * may name its user, which would win over the role, so the user and password are taken out of it.
	 */
	private static DataSource dataSourceFor(PgTrickleDatabase database, String role) {
		String[] url = database.jdbcUrl().split("\\?", 2);
		String parameters = (url.length > 1) ? Arrays.stream(url[1].split("&"))
			.filter((parameter) -> !parameter.startsWith("user=") && !parameter.startsWith("password="))
			.collect(Collectors.joining("&")) : "";
		return new DriverManagerDataSource(url[0] + (parameters.isEmpty() ? "" : "?" + parameters), role, PASSWORD);
	}

	private static String quoteIdentifier(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

	private static BigDecimal totalOf(JdbcTemplate jdbc, int customerId) {
		return jdbc.queryForObject("SELECT total FROM public.order_totals WHERE customer_id = ?", BigDecimal.class,
				customerId);
	}

	private static String sqlState(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return "none";
	}

}
