/**
 * Hibernate ORM integration for {@link io.pgtrickle.jpa.StreamTable @StreamTable} entities: it makes
 * them immutable, rejects writes before any SQL is sent and keeps their tables out of schema
 * generation.
 */
@NullMarked
package io.pgtrickle.jpa.hibernate;

import org.jspecify.annotations.NullMarked;
