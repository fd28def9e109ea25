package io.taxiride.meters;

import io.micrometer.core.instrument.MeterRegistry;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** The processors' lag in every process that has event processors and meters. */
@AutoConfiguration(after = AxonAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public class ProcessorMetersAutoConfiguration {

    @Bean
    ProcessorLagMeters processorLagMeters(EventProcessingConfiguration processing,
                                          ObjectProvider<EventStore> eventStore,
                                          ObjectProvider<MeterRegistry> meters) {
        return new ProcessorLagMeters(processing, eventStore, meters);
    }
}
