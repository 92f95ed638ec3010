/**
 * Code shown in the documentation, and the tests that keep the documentation in step with the
 * code.
 */
@NullMarked
package io.pgtrickle.autoconfigure.docs;

import org.jspecify.annotations.NullMarked;
