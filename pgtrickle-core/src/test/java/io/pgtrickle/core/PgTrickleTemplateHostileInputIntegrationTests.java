package io.pgtrickle.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds hostile names, queries and option values to {@link PgTrickleTemplate} and shows that each
 * either works or raises a typed {@link DataAccessException}, and that a canary table is never
 * touched: no user text is ever concatenated into SQL.
 */
@PgTrickleTest
class PgTrickleTemplateHostileInputIntegrationTests {

	private static final String CANARY_STATE = "SELECT count(*) || ':' || string_agg(note, ',' ORDER BY id) "
			+ "|| ':' || (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.canary'::regclass) FROM public.canary";

	private static final AtomicInteger sequence = new AtomicInteger();

	private static String canaryBefore;

	private final JdbcTemplate jdbc;

	private final PgTrickleTemplate template;

	PgTrickleTemplateHostileInputIntegrationTests(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.template = new PgTrickleTemplate(dataSource);
	}

	@BeforeAll
	static void createCanary(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE public.canary (id int PRIMARY KEY, note text NOT NULL)");
		jdbc.execute("INSERT INTO public.canary VALUES (1, 'alive'), (2, 'still alive')");
		jdbc.execute("CREATE TABLE public.source (id int PRIMARY KEY)");
		jdbc.execute("INSERT INTO public.source VALUES (1)");
		jdbc.execute("CREATE SCHEMA sales");
		canaryBefore = jdbc.queryForObject(CANARY_STATE, String.class);
	}

	@AfterEach
	void canaryIsUntouchedAndStreamTablesAreDropped() {
		assertThat(this.jdbc.queryForObject(CANARY_STATE, String.class)).isEqualTo(canaryBefore);
		for (StreamTableInfo info : this.template.findAll()) {
			this.template.dropIfExists(info.name(), true);
		}
	}

	static Stream<String> hostileNames() {
		return Stream.of("canary", "public.canary", "public.canary; DROP TABLE public.canary",
				"x'); DROP TABLE public.canary; --", "x\"; DROP TABLE public.canary; --", "canary--", "canary/*",
				"/**/canary", "public.\"canary\"", "\"public\".canary", "PUBLIC.CANARY", "Canary", "public.Canary",
				"café", "名前", "emoji😀", "a".repeat(63), "public." + "b".repeat(63), "a".repeat(64), "c".repeat(1000), "",
				" ", "  canary", "canary ", "tab\tname", "new\nline", "null\u0000byte", "a.b.c", ".canary", "public.",
				"public..canary", "pg_catalog.pg_class", "pgtrickle.pgt_stream_tables", "select", "public.user",
				"sales.select", "1abc", "$abc", "a$b", "a-b", "a b", "a'b", "a\\b", "%s", "${jndi:ldap://x}", "a;b",
				"\u02bccanary", "\u202ecanary", "canary\u00a0", "\u01c5", "i\u0307", "\uff41", "_", "__pgt_row_id",
				"sales.canary", "e'\\x41'", "$$canary$$", "canary::regclass", "(select 1)", "*");
	}

	static Stream<Arguments> hostileQueries() {
		return Stream.of("SELECT 1 AS one; DROP TABLE public.canary", "SELECT id FROM public.source; DELETE FROM public.canary",
				"DROP TABLE public.canary", "DELETE FROM public.canary", "TRUNCATE public.canary",
				"UPDATE public.canary SET note = 'dead'", "SELECT '); DROP TABLE public.canary; --' AS x",
				"SELECT $$'); DROP TABLE public.canary; --$$ AS x", "SELECT E'\\x27; DROP TABLE public.canary' AS x",
				"SELECT 1 AS \"weird \"\" col\"", "SELECT 'ü😀' AS x", "SELECT /* */ 1 AS x -- ; DROP TABLE public.canary",
				"-- just a comment", "SELECT 1 AS x\u0000; DROP TABLE public.canary", "SELECT id FROM public.source WHERE id = '1'''",
				"SELECT id FROM public.source UNION ALL SELECT 2", "COMMIT; DROP TABLE public.canary",
				"SELECT 1 AS x\\g DROP TABLE public.canary", "SELECT pg_catalog.current_user AS u", "  SELECT 1 AS padded  ;")
			.map(Arguments::of);
	}

	@ParameterizedTest
	@MethodSource("hostileNames")
	void hostileNameEitherWorksOrRaisesATypedError(String hostile) {
		List<String> outcomes = new ArrayList<>();
		StreamTableName name;
		try {
			name = StreamTableName.of(hostile);
		}
		catch (InvalidStreamTableNameException ex) {
			assertThat(ex).hasMessageContaining("Stream table name");
			return;
		}
		attempt(outcomes, "create", () -> this.template
			.create(StreamTableDefinition.builder(name, "SELECT id FROM public.source").schedule(Schedule.parse("1h")).build()));
		attempt(outcomes, "exists", () -> this.template.exists(name));
		attempt(outcomes, "findInfo", () -> this.template.findInfo(name));
		attempt(outcomes, "refresh", () -> this.template.refresh(name));
		attempt(outcomes, "refreshIfStale", () -> this.template.refreshIfStale(name, Duration.ZERO));
		attempt(outcomes, "alter", () -> this.template.alter(name, StreamTableAlteration.ofSchedule(Schedule.parse("2h"))));
		attempt(outcomes, "history", () -> this.template.history(name, 5));
		attempt(outcomes, "sources", () -> this.template.sources(name));
		attempt(outcomes, "explain", () -> this.template.explain(name));
		attempt(outcomes, "awaitStatus", () -> this.template.awaitStatus(name, StreamTableStatus.ACTIVE, Duration.ZERO));
		attempt(outcomes, "dropIfExists", () -> this.template.dropIfExists(name));
		attempt(outcomes, "drop", () -> this.template.drop(name));
		assertThat(outcomes).hasSize(12);
	}

	@ParameterizedTest
	@MethodSource("hostileQueries")
	void hostileQueryEitherWorksOrRaisesATypedError(String query) {
		List<String> outcomes = new ArrayList<>();
		StreamTableName name = StreamTableName.of("public.hostile_" + sequence.incrementAndGet());
		attempt(outcomes, "create", () -> this.template
			.create(StreamTableDefinition.builder(name, query).schedule(Schedule.parse("1h")).build()));
		attempt(outcomes, "createOrReplace", () -> this.template
			.createOrReplace(StreamTableDefinition.builder(name, query).schedule(Schedule.parse("1h")).build()));
		attempt(outcomes, "alterQuery", () -> this.template.alter(name, StreamTableAlteration.ofQuery(query)));
		assertThat(outcomes).hasSize(3);
	}

	static Stream<String> hostileValues() {
		return Stream.of("x'); DROP TABLE public.canary; --", "id); DROP TABLE public.canary; --", "heap; DROP TABLE public.canary",
				"$$", "\\", "'", "\"", "", " ", "null\u0000byte", "c".repeat(1000), "名前", "1h; DROP TABLE public.canary",
				"* * * * * ; DROP", "on", "LIST:id");
	}

	@ParameterizedTest
	@MethodSource("hostileValues")
	void hostileOptionValuesEitherWorkOrRaiseATypedError(String hostile) {
		List<String> outcomes = new ArrayList<>();
		StreamTableName name = StreamTableName.of("public.options_" + sequence.incrementAndGet());
		attempt(outcomes, "partitionBy", () -> createWith(name, (builder) -> builder.partitionBy(hostile)));
		attempt(outcomes, "storageBackend", () -> createWith(name, (builder) -> builder.storageBackend(hostile)));
		attempt(outcomes, "schedule", () -> createWith(name, (builder) -> builder.schedule(Schedule.parse(hostile))));
		attempt(outcomes, "fuse", () -> this.template.alter(name, StreamTableAlteration.builder().fuse(hostile).build()));
		assertThat(outcomes).hasSize(4);
	}

	private void createWith(StreamTableName name, Consumer<StreamTableDefinition.Builder> customizer) {
		StreamTableDefinition.Builder builder = StreamTableDefinition.builder(name, "SELECT id FROM public.source")
			.schedule(Schedule.parse("1h"));
		customizer.accept(builder);
		this.template.createIfNotExists(builder.build());
	}

	private void attempt(List<String> outcomes, String operation, Runnable action) {
		try {
			action.run();
			outcomes.add(operation + ": worked");
		}
		catch (DataAccessException ex) {
			assertThat(ex).as("%s raised %s", operation, ex).isNotInstanceOf(UncategorizedSQLException.class);
			assertThat(ex.getMessage()).isNotBlank();
			outcomes.add(operation + ": " + ex.getClass().getSimpleName());
		}
		catch (RuntimeException ex) {
			fail("%s raised the untyped %s", operation, ex);
		}
		assertThat(this.jdbc.queryForObject(CANARY_STATE, String.class)).as("canary after %s", operation)
			.isEqualTo(canaryBefore);
	}

}
