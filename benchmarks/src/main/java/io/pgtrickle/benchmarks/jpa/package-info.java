/**
 * The entities of {@link io.pgtrickle.benchmarks.StreamTableEntityBenchmark}.
 */
@NullMarked
package io.pgtrickle.benchmarks.jpa;

import org.jspecify.annotations.NullMarked;
