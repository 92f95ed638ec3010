/**
 * The snippets of {@code docs/events.md}, compiled and run by the build.
 */
@NullMarked
package io.pgtrickle.events.docs;

import org.jspecify.annotations.NullMarked;
