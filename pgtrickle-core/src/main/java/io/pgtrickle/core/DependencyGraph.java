package io.pgtrickle.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The sources of every stream table, from {@code pgtrickle.pgt_dependencies}: which tables, views
 * and other stream tables each one reads. It gives the order in which to refresh stream tables so
 * that each one sees its upstream stream tables' latest data.
 *
 * @see PgTrickleOperations#dependencyGraph()
 */
public final class DependencyGraph {

	private final List<StreamTableName> streamTables;

	private final List<Dependency> dependencies;

	private final Map<StreamTableName, Set<StreamTableName>> upstream;

	private final Map<StreamTableName, Set<StreamTableName>> downstream;

	/**
	 * Create a new instance.
	 * @param streamTables every stream table, including those without sources
	 * @param dependencies the sources of the stream tables
	 */
	public DependencyGraph(Iterable<StreamTableName> streamTables, List<Dependency> dependencies) {
		Set<StreamTableName> names = new TreeSet<>();
		streamTables.forEach(names::add);
		dependencies.forEach((dependency) -> names.add(dependency.streamTable()));
		this.streamTables = List.copyOf(names);
		this.dependencies = List.copyOf(dependencies);
		Map<StreamTableName, Set<StreamTableName>> up = new TreeMap<>();
		Map<StreamTableName, Set<StreamTableName>> down = new TreeMap<>();
		for (StreamTableName name : names) {
			up.put(name, new TreeSet<>());
			down.put(name, new TreeSet<>());
		}
		for (Dependency dependency : this.dependencies) {
			StreamTableName source = dependency.upstreamStreamTable();
			if (source != null) {
				up.get(dependency.streamTable()).add(source);
				down.computeIfAbsent(source, (key) -> new TreeSet<>()).add(dependency.streamTable());
				up.computeIfAbsent(source, (key) -> new TreeSet<>());
			}
		}
		this.upstream = freeze(up);
		this.downstream = freeze(down);
	}

	/**
	 * Return every stream table, ordered by name.
	 * @return the stream tables
	 */
	public List<StreamTableName> streamTables() {
		return this.streamTables;
	}

	/**
	 * Return every source of every stream table.
	 * @return the dependencies
	 */
	public List<Dependency> dependencies() {
		return this.dependencies;
	}

	/**
	 * Return the sources of one stream table.
	 * @param streamTable the schema-qualified stream table
	 * @return its dependencies, empty if it has none or is unknown
	 */
	public List<Dependency> dependenciesOf(StreamTableName streamTable) {
		return this.dependencies.stream().filter((dependency) -> dependency.streamTable().equals(streamTable)).toList();
	}

	/**
	 * Return the stream tables that one stream table reads directly.
	 * @param streamTable the schema-qualified stream table
	 * @return the upstream stream tables, empty if there are none
	 */
	public Set<StreamTableName> upstreamOf(StreamTableName streamTable) {
		return this.upstream.getOrDefault(streamTable, Collections.emptySet());
	}

	/**
	 * Return the stream tables that read one stream table directly.
	 * @param streamTable the schema-qualified stream table
	 * @return the downstream stream tables, empty if there are none
	 */
	public Set<StreamTableName> downstreamOf(StreamTableName streamTable) {
		return this.downstream.getOrDefault(streamTable, Collections.emptySet());
	}

	/**
	 * Return every stream table, each after the stream tables it reads; ties are broken by name. The
	 * members of a cycle (possible with {@code pg_trickle.allow_circular}) come last, by name.
	 * @return the stream tables in refresh order
	 */
	public List<StreamTableName> topologicalOrder() {
		Map<StreamTableName, Integer> pending = new HashMap<>();
		TreeSet<StreamTableName> ready = new TreeSet<>();
		for (Map.Entry<StreamTableName, Set<StreamTableName>> entry : this.upstream.entrySet()) {
			pending.put(entry.getKey(), entry.getValue().size());
			if (entry.getValue().isEmpty()) {
				ready.add(entry.getKey());
			}
		}
		List<StreamTableName> order = new ArrayList<>(pending.size());
		while (!ready.isEmpty()) {
			StreamTableName next = ready.pollFirst();
			order.add(next);
			for (StreamTableName dependent : downstreamOf(next)) {
				int remaining = pending.merge(dependent, -1, Integer::sum);
				if (remaining == 0) {
					ready.add(dependent);
				}
			}
		}
		if (order.size() < pending.size()) {
			Set<StreamTableName> cyclic = new TreeSet<>(pending.keySet());
			order.forEach(cyclic::remove);
			order.addAll(cyclic);
		}
		return Collections.unmodifiableList(order);
	}

	/**
	 * Return the given stream tables in refresh order: each after the stream tables it reads,
	 * directly or through stream tables outside the given set. Names the graph does not know come
	 * last, in the order given.
	 * @param streamTables the schema-qualified stream tables
	 * @return the same stream tables in refresh order
	 */
	public List<StreamTableName> inRefreshOrder(Iterable<StreamTableName> streamTables) {
		Set<StreamTableName> wanted = new LinkedHashSet<>();
		streamTables.forEach(wanted::add);
		List<StreamTableName> order = new ArrayList<>(wanted.size());
		for (StreamTableName name : topologicalOrder()) {
			if (wanted.remove(name)) {
				order.add(name);
			}
		}
		order.addAll(wanted);
		return order;
	}

	/**
	 * Return every stream table that reads the given one, directly or indirectly.
	 * @param streamTable the schema-qualified stream table
	 * @return the transitive downstream stream tables
	 */
	public Set<StreamTableName> allDownstreamOf(StreamTableName streamTable) {
		Set<StreamTableName> result = new TreeSet<>();
		Deque<StreamTableName> queue = new ArrayDeque<>(downstreamOf(streamTable));
		while (!queue.isEmpty()) {
			StreamTableName next = queue.poll();
			if (result.add(next)) {
				queue.addAll(downstreamOf(next));
			}
		}
		return result;
	}

	private static Map<StreamTableName, Set<StreamTableName>> freeze(Map<StreamTableName, Set<StreamTableName>> map) {
		Map<StreamTableName, Set<StreamTableName>> frozen = new TreeMap<>();
		map.forEach((key, value) -> frozen.put(key, Collections.unmodifiableSet(value)));
		return Collections.unmodifiableMap(frozen);
	}

	@Override
	public String toString() {
		return "DependencyGraph" + this.upstream;
	}

	/**
	 * One source of a stream table.
	 *
	 * @param streamTable the stream table that reads the source
	 * @param source the source as {@code schema.name}, or {@code null} if the relation no longer
	 * exists
	 * @param sourceOid the OID of the source
	 * @param sourceType the kind of source
	 * @param upstreamStreamTable the source as a stream table when {@code sourceType} is
	 * {@link SourceType#STREAM_TABLE}, else {@code null}
	 */
	public record Dependency(StreamTableName streamTable, @Nullable String source, long sourceOid,
			SourceType sourceType, @Nullable StreamTableName upstreamStreamTable) {

	}

}
