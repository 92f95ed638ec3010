package io.pgtrickle.autoconfigure.testsupport;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * An application without a web server and with every auto-configuration that the test class path
 * allows, in a package without entities or components.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class PlainTestApplication {

}
