package io.pgtrickle.jpa.repository.misuse;

import io.pgtrickle.jpa.repository.StreamTableRepository;
import io.pgtrickle.jpa.sales.Customer;

/**
 * A stream-table repository for {@link Customer}, which lacks {@code @StreamTable}.
 */
public interface CustomerStreamTableRepository extends StreamTableRepository<Customer, Long> {

}
