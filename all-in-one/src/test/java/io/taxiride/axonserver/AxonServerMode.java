package io.taxiride.axonserver;

import io.taxiride.testsupport.axonserver.OnAxonServer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs an all-in-one test application in the axonserver profile on a real Axon Server of the class's own: events,
 * commands and queries go through the server, the view, tokens and sagas stay in the test's H2 files.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@OnAxonServer
@ActiveProfiles("axonserver")
@ContextConfiguration(initializers = AxonServerAddressInitializer.class)
@interface AxonServerMode {
}
