package io.pgtrickle.jpa.sales;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The repository of {@link Customer}, an ordinary one.
 */
public interface Customers extends JpaRepository<Customer, Long> {

}
