package io.pgtrickle.jpa.hibernate;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pgtrickle.jpa.hibernate.StreamTableSchemaGenerationIntegrationTests.NoNotesFilterProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StreamTableHibernateSettings}.
 */
class StreamTableHibernateSettingsTests {

	private static final String FILTER_PROVIDER = "hibernate.hbm2ddl.schema_filter_provider";

	private static final String TRANSLATOR = "hibernate.query.sqm.translator";

	@Test
	void installsTheFilterProviderAndTheTranslator() {
		Map<String, Object> properties = new HashMap<>();
		StreamTableHibernateSettings.apply(properties);
		assertThat(properties.get(FILTER_PROVIDER)).isInstanceOfSatisfying(StreamTableSchemaFilterProvider.class,
				(provider) -> assertThat(provider.getDelegate()).isNull());
		assertThat(properties).containsEntry(TRANSLATOR, StreamTableSqmTranslatorFactory.class.getName());
	}

	@Test
	void wrapsAFilterProviderGivenByName() {
		Map<String, Object> properties = new HashMap<>(Map.of(FILTER_PROVIDER, NoNotesFilterProvider.class.getName()));
		StreamTableHibernateSettings.apply(properties);
		assertThat(properties.get(FILTER_PROVIDER)).isInstanceOfSatisfying(StreamTableSchemaFilterProvider.class,
				(provider) -> assertThat(provider.getDelegate()).isInstanceOf(NoNotesFilterProvider.class));
	}

	@Test
	void wrapsAFilterProviderGivenAsClassOrInstance() {
		NoNotesFilterProvider instance = new NoNotesFilterProvider();
		Map<String, Object> byInstance = new HashMap<>(Map.of(FILTER_PROVIDER, instance));
		StreamTableHibernateSettings.apply(byInstance);
		assertThat(((StreamTableSchemaFilterProvider) byInstance.get(FILTER_PROVIDER)).getDelegate()).isSameAs(instance);
		Map<String, Object> byClass = new HashMap<>(Map.of(FILTER_PROVIDER, NoNotesFilterProvider.class));
		StreamTableHibernateSettings.apply(byClass);
		assertThat(((StreamTableSchemaFilterProvider) byClass.get(FILTER_PROVIDER)).getDelegate())
			.isInstanceOf(NoNotesFilterProvider.class);
	}

	@Test
	void appliesOnce() {
		Map<String, Object> properties = new HashMap<>();
		StreamTableHibernateSettings.apply(properties);
		Object provider = properties.get(FILTER_PROVIDER);
		StreamTableHibernateSettings.apply(properties);
		assertThat(properties.get(FILTER_PROVIDER)).isSameAs(provider);
	}

	@Test
	void keepsATranslatorOfTheApplication() {
		Map<String, Object> properties = new HashMap<>(Map.of(TRANSLATOR, "com.example.Translator"));
		StreamTableHibernateSettings.apply(properties);
		assertThat(properties).containsEntry(TRANSLATOR, "com.example.Translator");
	}

	@Test
	void rejectsAFilterProviderOfTheWrongType() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamTableHibernateSettings.apply(new HashMap<>(Map.of(FILTER_PROVIDER, String.class))))
			.withMessageContaining(FILTER_PROVIDER);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StreamTableHibernateSettings.apply(new HashMap<>(Map.of(FILTER_PROVIDER, 42))))
			.withMessageContaining("not java.lang.Integer");
	}

}
