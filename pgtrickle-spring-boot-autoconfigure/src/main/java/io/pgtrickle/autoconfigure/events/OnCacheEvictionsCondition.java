package io.pgtrickle.autoconfigure.events;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code pgtrickle.events.cache-evictions} maps at least one stream table to caches.
 */
class OnCacheEvictionsCondition extends SpringBootCondition {

	private static final String PROPERTY = "pgtrickle.events.cache-evictions";

	private static final Bindable<Map<String, List<String>>> CACHE_EVICTIONS = Bindable
		.of(ResolvableType.forClassWithGenerics(Map.class, ResolvableType.forClass(String.class),
				ResolvableType.forClassWithGenerics(List.class, String.class)));

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("pg_trickle cache evictions");
		Map<String, List<String>> cacheEvictions = Binder.get(context.getEnvironment())
			.bind(PROPERTY, CACHE_EVICTIONS)
			.orElse(Map.of());
		if (cacheEvictions.isEmpty()) {
			return ConditionOutcome.noMatch(message.didNotFind("property").items(PROPERTY));
		}
		return ConditionOutcome.match(message.found("stream tables").items(cacheEvictions.keySet()));
	}

}
