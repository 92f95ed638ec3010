package io.pgtrickle.events.docs;

import org.springframework.context.event.EventListener;

import io.pgtrickle.events.PgTrickleAlertEvent;
import io.pgtrickle.events.StreamTableRefreshFailedEvent;
import io.pgtrickle.events.StreamTableSuspendedEvent;

/**
 * Snippet of "Alert on a suspension".
 */
public class StreamTableAlerts {

	private final Pager pager;

	public StreamTableAlerts(Pager pager) {
		this.pager = pager;
	}

	@EventListener
	public void onSuspended(StreamTableSuspendedEvent event) {
		this.pager.page("Stream table " + event.getStreamTable() + " was suspended after "
				+ event.getConsecutiveErrors() + " failed refreshes; fix the cause and resume it");
	}

	@EventListener
	public void onRefreshFailed(StreamTableRefreshFailedEvent event) {
		this.pager.page("Refresh of " + event.getStreamTable() + " failed: " + event.getError());
	}

	@EventListener(condition = "#event.alert.truncated")
	public void onTruncatedAlert(PgTrickleAlertEvent event) {
		this.pager.page("pg_trickle sent a truncated alert (a long error, probably): " + event.getAlert().getFields());
	}

}
