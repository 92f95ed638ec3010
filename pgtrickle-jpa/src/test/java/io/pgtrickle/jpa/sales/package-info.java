/**
 * Entities and repositories over a small sales schema, shared by the integration tests.
 */
@NullMarked
package io.pgtrickle.jpa.sales;

import org.jspecify.annotations.NullMarked;
