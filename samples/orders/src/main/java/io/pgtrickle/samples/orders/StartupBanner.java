package io.pgtrickle.samples.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints the URLs to open once the application is ready.
 */
@Component
class StartupBanner {

	private static final Logger logger = LoggerFactory.getLogger(StartupBanner.class);

	@EventListener
	void ready(ApplicationReadyEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			return;
		}
		String base = "http://localhost:" + port;
		logger.info("""

				  The orders sample is ready. Open:
				    {}/api/customers/totals      totals per customer, with their freshness
				    {}/api/customers/top         a stream table built on another one
				    {}/api/revenue/daily         revenue per day (cron schedule)
				    {}/actuator/health           the pgtrickle health component
				    {}/actuator/pgtrickle        every stream table, its status and staleness
				  Place an order and read your write:
				    curl -H 'Content-Type: application/json' -d '{"customerId":3,"amount":42}' {}/api/orders
				  Press Ctrl-C to stop.
				""", base, base, base, base, base, base);
	}

}
