package io.taxiride.query.driver;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration
class DriverViewConfiguration {

    /** A failing update is retried rather than skipped, so the view never silently misses a driver's event. */
    @Autowired
    void configureDriverView(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(DriverViewProjection.PROCESSING_GROUP,
                                                          configuration -> PropagatingErrorHandler.instance());
    }
}
