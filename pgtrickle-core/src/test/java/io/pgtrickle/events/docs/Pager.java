package io.pgtrickle.events.docs;

/**
 * Stands for whatever the application alerts people with.
 */
@FunctionalInterface
public interface Pager {

	void page(String message);

}
