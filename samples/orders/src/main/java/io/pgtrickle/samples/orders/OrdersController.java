package io.pgtrickle.samples.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.pgtrickle.jpa.repository.StreamTableOperations;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The REST API: stream-table rows with their freshness, and an endpoint that places an order.
 */
@RestController
@RequestMapping("/api")
public class OrdersController {

	private final CustomerTotals customerTotals;

	private final CustomerTotalsService customerTotalsService;

	private final TopCustomers topCustomers;

	private final DailyRevenues dailyRevenues;

	private final OrderService orderService;

	public OrdersController(CustomerTotals customerTotals, CustomerTotalsService customerTotalsService,
			TopCustomers topCustomers, DailyRevenues dailyRevenues, OrderService orderService) {
		this.customerTotals = customerTotals;
		this.customerTotalsService = customerTotalsService;
		this.topCustomers = topCustomers;
		this.dailyRevenues = dailyRevenues;
		this.orderService = orderService;
	}

	@GetMapping("/customers/totals")
	public Rows<CustomerTotal> customerTotals() {
		return Rows.of(this.customerTotals.findTop10ByOrderByTotalDesc(), this.customerTotals);
	}

	@GetMapping("/customers/{id}/totals")
	public CustomerTotal customerTotals(@PathVariable long id) {
		return this.customerTotalsService.totals(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No orders for customer " + id));
	}

	@GetMapping("/customers/top")
	public Rows<TopCustomer> topCustomers() {
		return Rows.of(this.topCustomers.findAllByOrderByTotalDesc(), this.topCustomers);
	}

	@GetMapping("/revenue/daily")
	public Rows<DailyRevenue> dailyRevenue() {
		return Rows.of(this.dailyRevenues.findAllByOrderByDayDesc(), this.dailyRevenues);
	}

	@PostMapping("/orders")
	public OrderService.PlacedOrder placeOrder(@RequestBody NewOrder order) {
		if (order.amount() == null || order.amount().signum() <= 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "amount must be greater than 0");
		}
		return this.orderService.placeOrder(order.customerId(), order.amount());
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ProblemDetail unknownCustomer(DataIntegrityViolationException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Unknown customer");
	}

	/**
	 * An order to place.
	 *
	 * @param customerId the customer
	 * @param amount the amount, greater than 0
	 */
	public record NewOrder(long customerId, BigDecimal amount) {
	}

	/**
	 * Rows of a stream table with how fresh they are.
	 *
	 * @param <T> the row type
	 * @param rows the rows
	 * @param lastRefreshedAt when the stream table was last refreshed, {@code null} if never
	 * @param stale whether it is older than its schedule allows
	 */
	public record Rows<T>(List<T> rows, Instant lastRefreshedAt, boolean stale) {

		static <T> Rows<T> of(List<T> rows, StreamTableOperations streamTable) {
			return new Rows<>(rows, streamTable.lastRefreshedAt().orElse(null), streamTable.isStale());
		}

	}

}
