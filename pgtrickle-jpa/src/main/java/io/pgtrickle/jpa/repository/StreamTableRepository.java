package io.pgtrickle.jpa.repository;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor.SpecificationFluentQuery;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.data.repository.query.ListQueryByExampleExecutor;

/**
 * A read-only Spring Data repository for a {@link io.pgtrickle.jpa.StreamTable @StreamTable} entity:
 * finding, counting, paging, sorting, {@link Specification specifications}, query by example and
 * query methods, but no {@code save} or {@code delete}, plus the stream table's freshness and refresh
 * from {@link StreamTableOperations}.
 * <pre class="code">
 * interface OrderTotals extends StreamTableRepository&lt;OrderTotal, Long&gt; {
 *
 *     List&lt;OrderTotal&gt; findTop10ByOrderByTotalDesc();
 *
 * }
 * </pre>
 * The stream-table operations are contributed by {@link StreamTableRepositoryPostProcessor}, which
 * Spring Boot's auto-configuration registers.
 *
 * @param <T> the entity type
 * @param <ID> the type of the entity's id
 */
@NoRepositoryBean
public interface StreamTableRepository<T, ID>
		extends ListPagingAndSortingRepository<T, ID>, ListQueryByExampleExecutor<T>, StreamTableOperations {

	/**
	 * Return the entity with the given id.
	 * @param id the id
	 * @return the entity, or empty if there is none
	 */
	Optional<T> findById(ID id);

	/**
	 * Return whether an entity with the given id exists.
	 * @param id the id
	 * @return {@code true} if it exists
	 */
	boolean existsById(ID id);

	/**
	 * Return all entities.
	 * @return the entities
	 */
	List<T> findAll();

	/**
	 * Return the entities with the given ids; ids without an entity are ignored.
	 * @param ids the ids
	 * @return the entities found
	 */
	List<T> findAllById(Iterable<ID> ids);

	/**
	 * Return the number of entities.
	 * @return the number of rows of the stream table
	 */
	long count();

	/**
	 * Return the single entity matching the specification.
	 * @param spec the specification
	 * @return the entity, or empty if none matches
	 * @throws org.springframework.dao.IncorrectResultSizeDataAccessException if more than one matches
	 */
	Optional<T> findOne(Specification<T> spec);

	/**
	 * Return the entities matching the specification.
	 * @param spec the specification
	 * @return the entities
	 */
	List<T> findAll(Specification<T> spec);

	/**
	 * Return a page of the entities matching the specification.
	 * @param spec the specification
	 * @param pageable the page to return
	 * @return the page
	 */
	Page<T> findAll(Specification<T> spec, Pageable pageable);

	/**
	 * Return the entities matching the specification, sorted.
	 * @param spec the specification
	 * @param sort the order
	 * @return the entities
	 */
	List<T> findAll(Specification<T> spec, Sort sort);

	/**
	 * Return the number of entities matching the specification.
	 * @param spec the specification
	 * @return the number of entities
	 */
	long count(Specification<T> spec);

	/**
	 * Return whether an entity matches the specification.
	 * @param spec the specification
	 * @return {@code true} if one matches
	 */
	boolean exists(Specification<T> spec);

	/**
	 * Run a fluent query over the entities matching the specification, for projections, sorting,
	 * limits and streams.
	 * @param <S> the entity type
	 * @param <R> the result type
	 * @param spec the specification
	 * @param queryFunction the query to run
	 * @return the query's result
	 */
	<S extends T, R> R findBy(Specification<T> spec, Function<? super SpecificationFluentQuery<S>, R> queryFunction);

}
