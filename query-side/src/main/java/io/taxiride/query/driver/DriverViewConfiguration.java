package io.taxiride.query.driver;

import io.taxiride.query.deadletter.DeadLetterConfiguration;

import java.time.Duration;

import org.axonframework.config.EventProcessingConfigurer;
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

    /** A failing update is parked with the driver's later events, so the view never silently misses one. */
    @Autowired
    void configureDriverView(EventProcessingConfigurer processing) {
        DeadLetterConfiguration.parkFailures(processing, DriverViewProjection.PROCESSING_GROUP);
    }
}
