package io.pgtrickle.samples.orders;

import io.pgtrickle.events.StreamTableRefreshFailedEvent;
import io.pgtrickle.events.StreamTableSuspendedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs what an operator must act on: a stream table the scheduler suspended, or a failed refresh.
 */
@Component
class StreamTableAlerts {

	private static final Logger logger = LoggerFactory.getLogger(StreamTableAlerts.class);

	@EventListener
	void onSuspended(StreamTableSuspendedEvent event) {
		logger.warn("Stream table {} was suspended after {} consecutive errors; fix the cause, then resume it "
				+ "with PgTrickleTemplate.resume", event.getStreamTable(), event.getConsecutiveErrors());
	}

	@EventListener
	void onRefreshFailed(StreamTableRefreshFailedEvent event) {
		logger.warn("Refresh of stream table {} failed: {}", event.getStreamTable(), event.getError());
	}

}
