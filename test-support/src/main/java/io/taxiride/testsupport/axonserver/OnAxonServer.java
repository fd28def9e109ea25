package io.taxiride.testsupport.axonserver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The test class runs against a real Axon Server of its own, started before the class and stopped after it (see
 * {@link AxonServerExtension} for where the server comes from). A Spring context of such a class is closed after the
 * class too, so that no cached context outlives its server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(AxonServerExtension.class)
@DirtiesContext
public @interface OnAxonServer {
}
