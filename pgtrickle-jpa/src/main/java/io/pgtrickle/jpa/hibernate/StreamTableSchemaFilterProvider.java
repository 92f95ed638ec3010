package io.pgtrickle.jpa.hibernate;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.boot.model.relational.Sequence;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.spi.SchemaFilter;
import org.hibernate.tool.schema.spi.SchemaFilterProvider;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SchemaFilterProvider} that keeps the tables of {@link io.pgtrickle.jpa.StreamTable
 * &#64;StreamTable} entities out of Hibernate's schema management: {@code create}, {@code drop},
 * {@code update} ({@code migrate}), {@code truncate} and {@code validate} never touch a stream table.
 * Everything else is decided by the provider it wraps, if any.
 * <p>
 * Install an instance (not the class name) as {@code hibernate.hbm2ddl.schema_filter_provider}, for
 * example with {@link StreamTableHibernateSettings#apply(java.util.Map)}; Spring Boot's
 * auto-configuration does it for you. {@link StreamTableIntegrator} tells the instance which tables
 * belong to stream-table entities while the session factory is built, before schema management runs.
 */
public class StreamTableSchemaFilterProvider implements SchemaFilterProvider {

	private final @Nullable SchemaFilterProvider delegate;

	private final Set<Table> streamTables = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

	/**
	 * Create a provider that excludes stream tables and includes everything else.
	 */
	public StreamTableSchemaFilterProvider() {
		this(null);
	}

	/**
	 * Create a provider that excludes stream tables and asks the given provider about everything else.
	 * @param delegate the provider to ask about other namespaces, tables and sequences, or
	 * {@code null} to include them all
	 */
	public StreamTableSchemaFilterProvider(@Nullable SchemaFilterProvider delegate) {
		this.delegate = delegate;
	}

	/**
	 * Return the provider this one asks about everything that is not a stream table.
	 * @return the wrapped provider, or {@code null}
	 */
	public @Nullable SchemaFilterProvider getDelegate() {
		return this.delegate;
	}

	/**
	 * Exclude the given tables from schema management. Called by {@link StreamTableIntegrator} with the
	 * tables of the stream-table entities of the session factory being built.
	 * @param tables the tables, as objects of the boot-time mapping model
	 */
	void exclude(Collection<Table> tables) {
		this.streamTables.addAll(tables);
	}

	boolean isExcluded(Table table) {
		return this.streamTables.contains(table);
	}

	@Override
	public SchemaFilter getCreateFilter() {
		return new StreamTableFilter((this.delegate != null) ? this.delegate.getCreateFilter() : SchemaFilter.ALL);
	}

	@Override
	public SchemaFilter getDropFilter() {
		return new StreamTableFilter((this.delegate != null) ? this.delegate.getDropFilter() : SchemaFilter.ALL);
	}

	@Override
	public SchemaFilter getTruncatorFilter() {
		return new StreamTableFilter((this.delegate != null) ? this.delegate.getTruncatorFilter() : SchemaFilter.ALL);
	}

	@Override
	public SchemaFilter getMigrateFilter() {
		return new StreamTableFilter((this.delegate != null) ? this.delegate.getMigrateFilter() : SchemaFilter.ALL);
	}

	@Override
	public SchemaFilter getValidateFilter() {
		return new StreamTableFilter((this.delegate != null) ? this.delegate.getValidateFilter() : SchemaFilter.ALL);
	}

	private final class StreamTableFilter implements SchemaFilter {

		private final SchemaFilter delegate;

		StreamTableFilter(SchemaFilter delegate) {
			this.delegate = delegate;
		}

		@Override
		public boolean includeNamespace(Namespace namespace) {
			return this.delegate.includeNamespace(namespace);
		}

		@Override
		public boolean includeTable(Table table) {
			return !isExcluded(table) && this.delegate.includeTable(table);
		}

		@Override
		public boolean includeSequence(Sequence sequence) {
			return this.delegate.includeSequence(sequence);
		}

	}

}
