package io.taxiride.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code taxiride.event-store.*}: the sizes of the JPA event store (values in application.yml). Axon's builders
 * refuse a size below 1 too, but with a message that names neither the property nor its value; binding stops the
 * start naming both.
 *
 * @param readBatchSize events per query when a processor reads the storage
 * @param cachedEvents  recent events the embedded event store keeps in memory for the processors at the head
 */
@ConfigurationProperties("taxiride.event-store")
record EventStoreProperties(int readBatchSize, int cachedEvents) {

    EventStoreProperties {
        requireAtLeastOne(readBatchSize, "read-batch-size");
        requireAtLeastOne(cachedEvents, "cached-events");
    }

    private static void requireAtLeastOne(int value, String property) {
        if (value < 1) {
            throw new IllegalArgumentException("taxiride.event-store." + property + ": " + value
                    + " is out of range: at least 1");
        }
    }
}
