package io.taxiride.query.timeline;

import io.taxiride.query.deadletter.DeadLetterConfiguration;

import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration
class RideTimelineConfiguration {

    /** A failing insert is parked with the aggregate's later events, so a timeline never silently misses a step. */
    @Autowired
    void configureRideTimeline(EventProcessingConfigurer processing) {
        DeadLetterConfiguration.parkFailures(processing, RideTimelineProjection.PROCESSING_GROUP);
    }
}
