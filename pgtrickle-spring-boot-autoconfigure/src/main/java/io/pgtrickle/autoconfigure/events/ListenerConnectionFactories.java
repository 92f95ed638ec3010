package io.pgtrickle.autoconfigure.events;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.pgtrickle.autoconfigure.events.PgTrickleEventsProperties.Listener;
import io.pgtrickle.events.ListenerConnectionFactory;

/**
 * Chooses the connection settings of the alert listener: each of URL, user and password is the
 * listener's own when set, else the application's, read from its {@link JdbcConnectionDetails} or,
 * without them, from its {@link DataSource}.
 */
final class ListenerConnectionFactories {

	private ListenerConnectionFactories() {
	}

	static ListenerConnectionFactory create(Listener listener, DataSource dataSource,
			@Nullable JdbcConnectionDetails connectionDetails) {
		if (connectionDetails != null) {
			return ListenerConnectionFactory.of(orElse(listener.getUrl(), connectionDetails.getJdbcUrl()),
					orElse(listener.getUsername(), connectionDetails.getUsername()),
					orElse(listener.getPassword(), connectionDetails.getPassword()));
		}
		String url = listener.getUrl();
		if (url != null && listener.getUsername() != null) {
			return ListenerConnectionFactory.of(url, listener.getUsername(), listener.getPassword());
		}
		return ListenerConnectionFactory.of(derive(listener, dataSource));
	}

	private static @Nullable String orElse(@Nullable String value, @Nullable String fallback) {
		return (value != null) ? value : fallback;
	}

	private static DataSource derive(Listener listener, DataSource dataSource) {
		try {
			DataSourceBuilder<SimpleDriverDataSource> builder = DataSourceBuilder.derivedFrom(dataSource)
				.type(SimpleDriverDataSource.class);
			if (listener.getUrl() != null) {
				builder.url(listener.getUrl());
			}
			if (listener.getUsername() != null) {
				builder.username(listener.getUsername());
			}
			if (listener.getPassword() != null) {
				builder.password(listener.getPassword());
			}
			return builder.build();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Cannot tell how the pg_trickle alert listener should connect: the "
					+ "settings of DataSource " + dataSource.getClass().getName() + " cannot be read. Set "
					+ "pgtrickle.events.listener.url (with username and password), define a ListenerConnectionFactory "
					+ "bean, or turn the listener off with pgtrickle.events.enabled=false", ex);
		}
	}

}
