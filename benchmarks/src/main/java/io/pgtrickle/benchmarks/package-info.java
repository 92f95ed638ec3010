/**
 * JMH benchmarks of pgtrickle-spring-boot; run with {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package io.pgtrickle.benchmarks;
