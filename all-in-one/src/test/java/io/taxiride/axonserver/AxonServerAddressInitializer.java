package io.taxiride.axonserver;

import io.taxiride.testsupport.axonserver.AxonServerExtension;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application at the test class's Axon Server. */
class AxonServerAddressInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("axon.axonserver.servers=" + AxonServerExtension.current().grpcAddress())
                          .applyTo(context);
    }
}
