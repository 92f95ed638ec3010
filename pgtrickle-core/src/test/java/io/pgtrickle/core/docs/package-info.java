/**
 * The code snippets of {@code docs/template.md}, compiled and run by the build.
 */
@NullMarked
package io.pgtrickle.core.docs;

import org.jspecify.annotations.NullMarked;
