package io.pgtrickle.jpa;

import org.junit.jupiter.api.Test;

import io.pgtrickle.jpa.StreamTableEntity.Relation;
import io.pgtrickle.jpa.mapping.PlainOrderTotal;
import io.pgtrickle.jpa.sales.OrderTotal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamTableEntity}.
 */
class StreamTableEntityTests {

	@Test
	void unqualifiedNameHasNoSchema() {
		Relation relation = Relation.parse("order_totals");
		assertThat(relation.schema()).isNull();
		assertThat(relation.name()).isEqualTo("order_totals");
		assertThat(relation).hasToString("order_totals");
	}

	@Test
	void qualifiedNameIsSplitAtTheDot() {
		Relation relation = Relation.parse("sales.order_totals");
		assertThat(relation.schema()).isEqualTo("sales");
		assertThat(relation.name()).isEqualTo("order_totals");
		assertThat(relation.sql()).isEqualTo("sales.order_totals");
	}

	@Test
	void unquotedPartsAreFoldedToLowerCaseLikePostgresqlDoes() {
		Relation relation = Relation.parse("Sales.OrderTotals");
		assertThat(relation.schema()).isEqualTo("sales");
		assertThat(relation.name()).isEqualTo("ordertotals");
	}

	@Test
	void quotedPartsAreTakenAsWritten() {
		Relation relation = Relation.parse("\"My.Schema\".\"Order \"\"Totals\"\"\"");
		assertThat(relation.schema()).isEqualTo("My.Schema");
		assertThat(relation.name()).isEqualTo("Order \"Totals\"");
	}

	@Test
	void catalogIsIgnored() {
		Relation relation = Relation.parse("shop.sales.order_totals");
		assertThat(relation.schema()).isEqualTo("sales");
		assertThat(relation.name()).isEqualTo("order_totals");
	}

	@Test
	void streamTableEntitiesAreRecognizedByTheirAnnotation() {
		assertThat(StreamTableEntity.isStreamTable(OrderTotal.class)).isTrue();
		assertThat(StreamTableEntity.isStreamTable(PlainOrderTotal.class)).isFalse();
		assertThat(StreamTableEntity.isStreamTable(SpecialOrderTotal.class)).isTrue();
	}

	static class SpecialOrderTotal extends OrderTotal {

	}

}
