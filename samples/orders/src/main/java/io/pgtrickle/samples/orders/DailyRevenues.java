package io.pgtrickle.samples.orders;

import java.time.LocalDate;
import java.util.List;

import io.pgtrickle.jpa.repository.StreamTableRepository;

/**
 * Reads {@code daily_revenue}.
 */
public interface DailyRevenues extends StreamTableRepository<DailyRevenue, LocalDate> {

	List<DailyRevenue> findAllByOrderByDayDesc();

}
