/**
 * Support for this module's tests: applications to start, real HTTP requests, a TCP proxy that can
 * cut the database off, and a data source that counts statements.
 */
package io.pgtrickle.autoconfigure.testsupport;
