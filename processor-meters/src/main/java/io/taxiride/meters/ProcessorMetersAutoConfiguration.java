package io.taxiride.meters;

import io.micrometer.core.instrument.MeterRegistry;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The processors' lag and health in every process that has event processors. */
@AutoConfiguration(after = AxonAutoConfiguration.class)
public class ProcessorMetersAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Meters {

        @Bean
        ProcessorLagMeters processorLagMeters(EventProcessingConfiguration processing,
                                              ObjectProvider<EventStore> eventStore,
                                              ObjectProvider<MeterRegistry> meters) {
            return new ProcessorLagMeters(processing, eventStore, meters);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("eventProcessors")
    static class Health {

        /** Named so that the health shows it as {@code eventProcessors}. */
        @Bean
        HealthIndicator eventProcessorsHealthIndicator(EventProcessingConfiguration processing) {
            return new EventProcessorsHealth(processing);
        }
    }
}
