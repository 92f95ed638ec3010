package io.pgtrickle.flyway;

import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import io.pgtrickle.core.RefreshMode;
import io.pgtrickle.core.Schedule;
import io.pgtrickle.core.StreamTableAlteration;
import io.pgtrickle.core.StreamTableDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StreamTableMigration}: naming, definition files and checksums, without a
 * database.
 */
class StreamTableMigrationTests {

	@Test
	void versionAndDescriptionComeFromTheClassName() {
		V3__create_order_totals migration = new V3__create_order_totals();
		assertThat(migration.getVersion()).isEqualTo(MigrationVersion.fromVersion("3"));
		assertThat(migration.getDescription()).isEqualTo("create order totals");
		assertThat(migration.canExecuteInTransaction()).isTrue();
		assertThat(new R__order_totals().getVersion()).isNull();
		assertThat(new R__order_totals().getDescription()).isEqualTo("order totals");
	}

	@Test
	void queryFileReadsTheVersionedDefinitionWithoutItsFinalSemicolon() {
		assertThat(new V3__create_order_totals().definition().query())
			.isEqualTo("SELECT customer_id, sum(amount) AS total\nFROM public.orders\nGROUP BY customer_id");
	}

	@Test
	void checksumIsTheSameForTheSameDefinition() {
		assertThat(new V3__create_order_totals().getChecksum()).isEqualTo(new V3__create_order_totals().getChecksum())
			.isEqualTo(new Copy.V3__create_order_totals().getChecksum());
	}

	@Test
	void checksumCoversTheQueryTheScheduleTheRefreshModeTheFileAndTheOperation() {
		Integer checksum = new V3__create_order_totals().getChecksum();
		assertThat(new Edited.V3__create_order_totals((builder) -> builder.schedule(Schedule.parse("2h"))).getChecksum())
			.isNotEqualTo(checksum);
		assertThat(new Edited.V3__create_order_totals((builder) -> builder.refreshMode(RefreshMode.FULL)).getChecksum())
			.isNotEqualTo(checksum);
		assertThat(new Edited.V3__create_order_totals((builder) -> builder.query("SELECT 1 AS one")).getChecksum())
			.isNotEqualTo(checksum);
		assertThat(new Edited.V3__create_order_totals((builder) -> builder.initialize(false)).getChecksum())
			.isNotEqualTo(checksum);
		assertThat(new EditedFile.V3__create_order_totals().getChecksum()).isNotEqualTo(checksum);
		assertThat(new R__order_totals().getChecksum()).isNotEqualTo(checksum);
	}

	@Test
	void checksumIgnoresLineEndingsAndAByteOrderMark() {
		int unix = new MigrationChecksum("create").add("query", "SELECT 1\nFROM t").value();
		assertThat(new MigrationChecksum("create").add("query", "\uFEFFSELECT 1\r\nFROM t").value()).isEqualTo(unix);
		assertThat(new MigrationChecksum("create").add("query", "SELECT 1\rFROM t").value()).isEqualTo(unix);
		assertThat(new MigrationChecksum("create").add("query", "SELECT 1 FROM t").value()).isNotEqualTo(unix);
	}

	@Test
	void checksumEntriesCannotBeConfusedWithEachOther() {
		assertThat(new MigrationChecksum("alter").add("query", "ab").add("schedule", "c").value())
			.isNotEqualTo(new MigrationChecksum("alter").add("query", "a").add("schedule", "bc").value());
		assertThat(new MigrationChecksum("alter").add("query", null).value())
			.isEqualTo(new MigrationChecksum("alter").value());
	}

	@Test
	void missingDefinitionFileFailsWhenTheChecksumIsComputed() {
		assertThatExceptionOfType(StreamTableMigrationException.class)
			.isThrownBy(() -> new V4__order_totals_from_missing_file().getChecksum())
			.withMessage("Migration V4__order_totals_from_missing_file: definition file "
					+ "db/stream-tables/order_totals_v09.sql was not found on the classpath; add it, and keep the "
					+ "definition files of applied migrations, which Flyway validates");
	}

	@Test
	void invalidDefinitionNameOrVersionIsRejected() {
		assertThatExceptionOfType(StreamTableMigrationException.class)
			.isThrownBy(() -> new V5__file((migration) -> migration.queryFile("../secrets", 1)).getChecksum())
			.withMessageContaining("Migration V5__file: definition name '../secrets' is invalid");
		assertThatExceptionOfType(StreamTableMigrationException.class)
			.isThrownBy(() -> new V5__file((migration) -> migration.queryFile("order_totals", 0)).getChecksum())
			.withMessageContaining("Migration V5__file: version 0 of definition 'order_totals' is invalid");
		assertThatExceptionOfType(StreamTableMigrationException.class)
			.isThrownBy(() -> new V5__file((migration) -> migration.queryFile("empty", 1)).getChecksum())
			.withMessageContaining("Migration V5__file: definition file db/stream-tables/empty_v01.sql is empty");
	}

	@Test
	void invalidStreamTableNameIsReportedWithTheMigration() {
		assertThatExceptionOfType(StreamTableMigrationException.class)
			.isThrownBy(() -> new V6__alter_order_totals("Public.Order_Totals", StreamTableAlteration.ofSchedule(
					Schedule.parse("1h")))
				.getChecksum())
			.withMessageStartingWith("Migration V6__alter_order_totals has an invalid definition: Stream table name "
					+ "'Public.Order_Totals' contains the upper-case letter 'P'");
	}

	@Test
	void emptyAlterationIsRejected() {
		assertThatExceptionOfType(StreamTableMigrationException.class)
			.isThrownBy(() -> new V6__alter_order_totals("public.order_totals", StreamTableAlteration.builder().build())
				.getChecksum())
			.withMessage("Migration V6__alter_order_totals has an invalid definition: alteration() of stream table "
					+ "public.order_totals changes nothing; set a query, a schedule, a refresh mode or another option");
	}

	@Test
	void alterationChecksumCoversTheStreamTableAndEveryOption() {
		StreamTableAlteration alteration = StreamTableAlteration.ofSchedule(Schedule.parse("1h"));
		Integer checksum = new V6__alter_order_totals("public.order_totals", alteration).getChecksum();
		assertThat(new V6__alter_order_totals("public.other", alteration).getChecksum()).isNotEqualTo(checksum);
		assertThat(new V6__alter_order_totals("public.order_totals",
				alteration.toBuilder().refreshMode(RefreshMode.FULL).build())
			.getChecksum()).isNotEqualTo(checksum);
	}

	@Test
	void sourceTableChangeNeedsAStatementAndAtMostOneAlterationPerStreamTable() {
		assertThatIllegalArgumentException().isThrownBy(() -> SourceTableChange.builder("public.orders").build())
			.withMessageContaining("has no statement");
		assertThatIllegalArgumentException().isThrownBy(() -> SourceTableChange.builder("public.orders")
			.alter("public.order_totals", StreamTableAlteration.ofSchedule(Schedule.parse("1h")))
			.alter("public.order_totals", StreamTableAlteration.ofRefreshMode(RefreshMode.FULL)))
			.withMessageContaining("is altered twice");
		assertThatIllegalArgumentException().isThrownBy(() -> SourceTableChange.builder("public.orders")
			.statement(" "))
			.withMessageContaining("must not be empty");
	}

	public static class V3__create_order_totals extends CreateStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("public.order_totals", queryFile("order_totals", 1))
				.schedule(Schedule.parse("1h"))
				.refreshMode(RefreshMode.DIFFERENTIAL)
				.build();
		}

	}

	public static class R__order_totals extends CreateOrReplaceStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return new V3__create_order_totals().definition();
		}

	}

	public static class V4__order_totals_from_missing_file extends CreateStreamTableMigration {

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("public.order_totals", queryFile("order_totals", 9)).build();
		}

	}

	public static class V5__file extends CreateStreamTableMigration {

		private final java.util.function.Function<StreamTableMigration, String> query;

		V5__file(java.util.function.Function<StreamTableMigration, String> query) {
			this.query = query;
		}

		@Override
		protected StreamTableDefinition definition() {
			return StreamTableDefinition.builder("public.order_totals", this.query.apply(this)).build();
		}

	}

	public static class V6__alter_order_totals extends AlterStreamTableMigration {

		private final String name;

		private final StreamTableAlteration alteration;

		V6__alter_order_totals(String name, StreamTableAlteration alteration) {
			this.name = name;
			this.alteration = alteration;
		}

		@Override
		protected String streamTable() {
			return this.name;
		}

		@Override
		protected StreamTableAlteration alteration() {
			return this.alteration;
		}

	}

	static class Copy {

		public static class V3__create_order_totals extends StreamTableMigrationTests.V3__create_order_totals {

		}

	}

	static class Edited {

		public static class V3__create_order_totals extends StreamTableMigrationTests.V3__create_order_totals {

			private final java.util.function.UnaryOperator<StreamTableDefinition.Builder> edit;

			V3__create_order_totals(java.util.function.UnaryOperator<StreamTableDefinition.Builder> edit) {
				this.edit = edit;
			}

			@Override
			protected StreamTableDefinition definition() {
				return this.edit.apply(super.definition().toBuilder()).build();
			}

		}

	}

	static class EditedFile {

		public static class V3__create_order_totals extends StreamTableMigrationTests.V3__create_order_totals {

			@Override
			protected String definitionLocation() {
				return "classpath:db/stream-tables-edited/";
			}

		}

	}

}
