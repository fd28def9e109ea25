package io.taxiride.query.timeline;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration
class RideTimelineConfiguration {

    /** A failing insert is retried rather than skipped, so a timeline never silently misses a step. */
    @Autowired
    void configureRideTimeline(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(RideTimelineProjection.PROCESSING_GROUP,
                                                          configuration -> PropagatingErrorHandler.instance());
    }
}
