package io.taxiride.command.admission;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admission of new calls by the rides in dispatch ({@code taxiride.admission.*}). Off (0 or less), every call is
 * admitted and nothing of the gate exists: no processor, no thread, no meters.
 */
@Configuration
@EnableConfigurationProperties(AdmissionProperties.class)
public class AdmissionConfiguration {

    static final String PROCESSING_GROUP = "admission";
    private static final String LIMIT = "${taxiride.admission.rides-in-dispatch:"
            + AdmissionProperties.DEFAULT_RIDES_IN_DISPATCH + "}";

    @Bean
    @ConditionalOnExpression(LIMIT + " <= 0")
    CallAdmission admitEveryCall() {
        return CallAdmission.ALL;
    }

    @Configuration
    @ConditionalOnExpression(LIMIT + " > 0")
    static class Gate {

        @Bean
        RidesInDispatch ridesInDispatch(AdmissionProperties properties, MeterRegistry meters) {
            return new RidesInDispatch(properties.limit(), properties.maxHold(),
                                       properties.watch() == AdmissionProperties.Watch.STORED, Clock.systemUTC(),
                                       meters);
        }

        @Bean
        DispatchWatch dispatchWatch(RidesInDispatch ridesInDispatch) {
            return new DispatchWatch(ridesInDispatch);
        }

        @Bean
        Sweep admissionSweep(RidesInDispatch ridesInDispatch) {
            return new Sweep(ridesInDispatch);
        }

        /**
         * Published: a subscribing processor, on the thread that handled the command. Stored: a tracking processor of
         * this process alone (its position in memory, from the head of the store when it starts), which reads every
         * instance's events; the calls of other instances it passes over.
         */
        @Autowired
        void watchCalls(EventProcessingConfigurer processing, AdmissionProperties properties) {
            if (properties.watch() == AdmissionProperties.Watch.STORED) {
                processing.registerTokenStore(PROCESSING_GROUP, configuration -> new InMemoryTokenStore())
                          .registerTrackingEventProcessor(
                                  PROCESSING_GROUP, configuration -> configuration.eventStore(),
                                  configuration -> TrackingEventProcessorConfiguration
                                          .forSingleThreadedProcessing()
                                          .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
            } else {
                processing.registerSubscribingEventProcessor(PROCESSING_GROUP);
            }
        }
    }

    /** Once a second: a call held longer than max-hold is given back within a second of it. */
    static final class Sweep implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "admission-sweep");
            thread.setDaemon(true);
            return thread;
        });

        Sweep(RidesInDispatch ridesInDispatch) {
            timer.scheduleWithFixedDelay(ridesInDispatch::sweep, 1, 1, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
