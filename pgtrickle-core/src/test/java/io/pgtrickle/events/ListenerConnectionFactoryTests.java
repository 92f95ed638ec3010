package io.pgtrickle.events;

import java.sql.Connection;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.pgtrickle.test.PgTrickleDatabase;
import io.pgtrickle.test.PgTrickleTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ListenerConnectionFactory}.
 */
@PgTrickleTest
class ListenerConnectionFactoryTests {

	@Test
	void urlFactoryConnectsWithItsCredentials(PgTrickleDatabase database) throws Exception {
		ListenerConnectionFactory factory = ListenerConnectionFactory.of(database.jdbcUrl(), database.username(),
				database.password());
		try (Connection connection = factory.connect()) {
			assertThat(connection.isValid(1)).isTrue();
		}
	}

	@Test
	void dataSourceFactoryConnectsThroughTheDataSource(PgTrickleDatabase database) throws Exception {
		try (Connection connection = ListenerConnectionFactory.of(database.dataSource()).connect()) {
			assertThat(connection.isValid(1)).isTrue();
		}
	}

	@Test
	void urlFactoryDescribesItselfWithoutQueryOrPassword() {
		assertThat(ListenerConnectionFactory.of("jdbc:postgresql://db:5432/shop?password=secret", "app", "secret"))
			.hasToString("jdbc:postgresql://db:5432/shop as app");
		assertThat(ListenerConnectionFactory.of("jdbc:postgresql://db:5432/shop", null, null))
			.hasToString("jdbc:postgresql://db:5432/shop");
	}

	@Test
	void dataSourceFactoryDescribesADriverBasedDataSourceByItsUrl() {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new Driver(),
				"jdbc:postgresql://db:5432/shop?ssl=true", "app", "secret");
		assertThat(ListenerConnectionFactory.of(dataSource)).hasToString("jdbc:postgresql://db:5432/shop as app");
		DataSource other = new DelegatingDataSource(dataSource);
		assertThat(ListenerConnectionFactory.of(other)).hasToString(DelegatingDataSource.class.getName());
	}

	@Test
	void urlMustNotBeEmpty() {
		assertThatIllegalArgumentException().isThrownBy(() -> ListenerConnectionFactory.of("", "app", "secret"));
	}

}
