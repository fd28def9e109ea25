package io.taxiride.eventstore;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store of the embedded and PostgreSQL modes: Axon's JPA storage engine, set up as Axon's Spring Boot
 * auto-configuration sets it up, with the gap read of {@link GapRangeJpaEventStorageEngine} and the number of events
 * per read from {@code taxiride.event-store.read-batch-size}, and the embedded event store in front of it, which keeps
 * {@code taxiride.event-store.cached-events} recent events in memory for the processors that follow the head. With
 * Axon Server (the axonserver profile) Axon Server is the event store and these beans do not exist. Defining the
 * engine turns that auto-configuration off, so the event store's entities are registered here as it would have.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class EventStoreConfiguration {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager,
                                          @Value("${taxiride.event-store.read-batch-size}") int readBatchSize) {
        JpaEventStorageEngine.Builder builder = JpaEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
                .batchSize(positive(readBatchSize, "read-batch-size"));
        return new GapRangeJpaEventStorageEngine(builder);
    }

    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration configuration,
                                  @Value("${taxiride.event-store.cached-events}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(positive(cachedEvents, "cached-events"))
                .build();
    }

    /**
     * Axon's builders refuse a size below 1 too, but with a message that names neither the property nor its value;
     * this one stops the start naming both.
     */
    private static int positive(int value, String property) {
        if (value < 1) {
            throw new IllegalArgumentException("taxiride.event-store." + property + ": " + value
                    + " is out of range: at least 1");
        }
        return value;
    }
}
