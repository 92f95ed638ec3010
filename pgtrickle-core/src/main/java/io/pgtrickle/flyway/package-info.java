/**
 * Flyway Java migrations that create, alter and drop pg_trickle stream tables on Flyway's own
 * connection and transaction: {@link io.pgtrickle.flyway.CreateStreamTableMigration},
 * {@link io.pgtrickle.flyway.AlterStreamTableMigration},
 * {@link io.pgtrickle.flyway.DropStreamTableMigration},
 * {@link io.pgtrickle.flyway.CreateOrReplaceStreamTableMigration} for repeatable migrations, and
 * {@link io.pgtrickle.flyway.AlterSourceTableMigration} for changes to the tables stream tables
 * read. Defining queries can live in versioned definition files
 * ({@code db/stream-tables/<name>_v<NN>.sql}) whose content is part of the migration's checksum.
 * Needs {@code org.flywaydb:flyway-core} on the classpath.
 */
@NullMarked
package io.pgtrickle.flyway;

import org.jspecify.annotations.NullMarked;
