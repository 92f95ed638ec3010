package io.pgtrickle.samples.orders;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Writes orders, the source of every stream table here.
 */
public interface Orders extends JpaRepository<Order, Long> {

}
