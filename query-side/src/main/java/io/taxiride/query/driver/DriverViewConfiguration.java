package io.taxiride.query.driver;

import java.time.Duration;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class DriverViewConfiguration {

    /**
     * How long a driver proposed to dispatch is skipped by other lookups while the driver-view has not shown the
     * driver's answer yet: longer than the few hops from the proposal to the offer on the driver's row, short enough
     * that a driver whose offer never came is proposed again soon.
     */
    @Bean
    RecentProposals recentProposals(@Value("${taxiride.dispatch.proposal-hold:2s}") Duration hold) {
        return new RecentProposals(hold);
    }

    /** A failing update is retried rather than skipped, so the view never silently misses a driver's event. */
    @Autowired
    void configureDriverView(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(DriverViewProjection.PROCESSING_GROUP,
                                                          configuration -> PropagatingErrorHandler.instance());
    }
}
