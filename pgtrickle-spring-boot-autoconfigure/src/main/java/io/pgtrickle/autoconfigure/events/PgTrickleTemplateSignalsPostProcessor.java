package io.pgtrickle.autoconfigure.events;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import io.pgtrickle.core.PgTrickleTemplate;
import io.pgtrickle.events.PgTrickleAlertListener;

/**
 * Lets every {@link PgTrickleTemplate} on the application's {@link DataSource} wait on the alert
 * listener's signals instead of polling. The listener and the DataSource are looked up when the
 * first template is initialized, never earlier.
 */
final class PgTrickleTemplateSignalsPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<PgTrickleAlertListener> listener;

	private final ObjectProvider<DataSource> dataSource;

	PgTrickleTemplateSignalsPostProcessor(ObjectProvider<PgTrickleAlertListener> listener,
			ObjectProvider<DataSource> dataSource) {
		this.listener = listener;
		this.dataSource = dataSource;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof PgTrickleTemplate template) {
			DataSource applicationDataSource = this.dataSource.getIfUnique();
			if (applicationDataSource != null && template.getJdbcTemplate().getDataSource() == applicationDataSource) {
				PgTrickleAlertListener alertListener = this.listener.getIfUnique();
				if (alertListener != null) {
					template.setStreamTableSignals(alertListener);
				}
			}
		}
		return bean;
	}

}
