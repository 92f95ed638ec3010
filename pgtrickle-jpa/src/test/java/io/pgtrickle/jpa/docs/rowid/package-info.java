/**
 * The row-id mapping shown in {@code docs/jpa.md}, compiled and tested.
 */
@NullMarked
package io.pgtrickle.jpa.docs.rowid;

import org.jspecify.annotations.NullMarked;
