package io.pgtrickle.autoconfigure.jpa.docs;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application of the documentation's examples.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class OrderTotalsApplication {

}
