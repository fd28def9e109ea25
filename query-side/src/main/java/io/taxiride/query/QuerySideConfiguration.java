package io.taxiride.query;

import io.taxiride.api.RideEvent;
import io.taxiride.query.deadletter.DeadLetterConfiguration;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration
public class QuerySideConfiguration {

    /**
     * One ride's events come from three aggregates; keeping them in order by call id lets the view be processed by
     * several segments without two threads updating one row. The same order keeps the later events of a call whose
     * update failed parked behind it, so the view never silently misses an event.
     */
    @Autowired
    void configureCallView(EventProcessingConfigurer processing) {
        String callView = CallViewProjection.PROCESSING_GROUP;
        processing.registerSequencingPolicy(callView, configuration -> QuerySideConfiguration::sequenceOf);
        DeadLetterConfiguration.parkFailures(processing, callView);
    }

    private static Object sequenceOf(EventMessage<?> event) {
        if (event.getPayload() instanceof RideEvent rideEvent) {
            return rideEvent.callId().value();
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}
