package io.pgtrickle.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pgtrickle.core.DependencyGraph.Dependency;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DependencyGraph}.
 */
class DependencyGraphTests {

	private static final StreamTableName A = StreamTableName.of("s.a");

	private static final StreamTableName B = StreamTableName.of("s.b");

	private static final StreamTableName C = StreamTableName.of("s.c");

	private static final StreamTableName D = StreamTableName.of("s.d");

	@Test
	void topologicalOrderPutsUpstreamFirst() {
		DependencyGraph graph = new DependencyGraph(List.of(A, B, C, D),
				List.of(onStreamTable(D, C), onStreamTable(C, B), onStreamTable(B, A), onTable(A, "s.orders")));
		assertThat(graph.topologicalOrder()).containsExactly(A, B, C, D);
	}

	@Test
	void independentStreamTablesAreOrderedByName() {
		DependencyGraph graph = new DependencyGraph(List.of(C, A, B), List.of());
		assertThat(graph.topologicalOrder()).containsExactly(A, B, C);
	}

	@Test
	void diamondIsOrderedBeforeItsSink() {
		DependencyGraph graph = new DependencyGraph(List.of(A, B, C, D),
				List.of(onStreamTable(B, A), onStreamTable(C, A), onStreamTable(D, B), onStreamTable(D, C)));
		assertThat(graph.topologicalOrder()).containsExactly(A, B, C, D);
		assertThat(graph.upstreamOf(D)).containsExactly(B, C);
		assertThat(graph.downstreamOf(A)).containsExactly(B, C);
		assertThat(graph.allDownstreamOf(A)).containsExactly(B, C, D);
	}

	@Test
	void cyclesComeLastByName() {
		DependencyGraph graph = new DependencyGraph(List.of(A, B, C),
				List.of(onStreamTable(B, C), onStreamTable(C, B)));
		assertThat(graph.topologicalOrder()).containsExactly(A, B, C);
	}

	@Test
	void inRefreshOrderKeepsTransitiveOrderThroughOmittedTables() {
		DependencyGraph graph = new DependencyGraph(List.of(A, B, C),
				List.of(onStreamTable(C, B), onStreamTable(B, A)));
		assertThat(graph.inRefreshOrder(List.of(C, A))).containsExactly(A, C);
	}

	@Test
	void inRefreshOrderPutsUnknownNamesLast() {
		StreamTableName unknown = StreamTableName.of("s.unknown");
		DependencyGraph graph = new DependencyGraph(List.of(A, B), List.of(onStreamTable(B, A)));
		assertThat(graph.inRefreshOrder(List.of(unknown, B, A))).containsExactly(A, B, unknown);
	}

	@Test
	void dependenciesOfListsTheSources() {
		Dependency orders = onTable(A, "s.orders");
		DependencyGraph graph = new DependencyGraph(List.of(A, B), List.of(orders, onStreamTable(B, A)));
		assertThat(graph.dependenciesOf(A)).containsExactly(orders);
		assertThat(graph.upstreamOf(A)).isEmpty();
		assertThat(graph.streamTables()).containsExactly(A, B);
	}

	private static Dependency onStreamTable(StreamTableName streamTable, StreamTableName upstream) {
		return new Dependency(streamTable, upstream.toString(), 1, SourceType.STREAM_TABLE, upstream);
	}

	private static Dependency onTable(StreamTableName streamTable, String table) {
		return new Dependency(streamTable, table, 2, SourceType.TABLE, null);
	}

}
