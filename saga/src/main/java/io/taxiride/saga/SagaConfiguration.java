package io.taxiride.saga;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class SagaConfiguration {

    @Bean
    AnswerTimeout answerTimeout(@Value("${taxiride.saga.answer-timeout:30s}") Duration timeout) {
        return new AnswerTimeout(timeout);
    }

    @Bean
    SagaResends sagaResends(ObjectProvider<MeterRegistry> meters) {
        return new SagaResends(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * {@code taxiride.saga.cache=true}: sagas and their associations stay in memory between events, so each event
     * costs one update of the saga row instead of a query, a load and an update. Only where one process alone
     * handles the sagas (the embedded default turns it on); several instances would read each other's stale state.
     * Weak references: the garbage collector bounds the cache, a miss reads the database.
     */
    @Bean
    @ConditionalOnProperty(name = "taxiride.saga.cache", havingValue = "true")
    SagaStore<Object> sagaStore(EntityManagerProvider entityManagerProvider, Serializer serializer) {
        JpaSagaStore database = JpaSagaStore.builder().entityManagerProvider(entityManagerProvider)
                                            .serializer(serializer)
                                            .build();
        return new CachedSagaStore<>(database, new WeakReferenceCache(), new WeakReferenceCache());
    }

    /**
     * A saga handler that fails is retried, never skipped: skipping would leave a ride half-coordinated, with money
     * captured or a driver held. The processor backs off and tries the event again until it succeeds.
     */
    @Autowired
    void retryFailedSagaEvents(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(TaxiRideSaga.PROCESSING_GROUP,
                                                          configuration -> PropagatingErrorHandler.instance());
    }
}
