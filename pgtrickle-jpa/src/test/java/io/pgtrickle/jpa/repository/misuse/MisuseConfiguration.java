package io.pgtrickle.jpa.repository.misuse;

import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * Enables the repositories of this package.
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(basePackageClasses = MisuseConfiguration.class)
public class MisuseConfiguration {

}
