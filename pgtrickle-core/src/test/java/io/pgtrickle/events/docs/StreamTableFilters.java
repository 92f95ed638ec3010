package io.pgtrickle.events.docs;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.event.EventListener;

import io.pgtrickle.events.PgTrickleEvent;
import io.pgtrickle.events.StreamTableEvent;
import io.pgtrickle.events.StreamTableRefreshedEvent;

/**
 * Snippets of "Listen to one stream table".
 */
public class StreamTableFilters {

	final List<PgTrickleEvent> received = new ArrayList<>();

	@EventListener(condition = "#event.streamTable == 'public.order_totals'")
	public void onOrderTotals(StreamTableEvent event) {
		this.received.add(event);
	}

	@EventListener(condition = "#event.streamTable.startsWith('sales.') and #event.rowsInserted > 100")
	public void onLargeSalesRefresh(StreamTableRefreshedEvent event) {
		this.received.add(event);
	}

}
