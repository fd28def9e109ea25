package io.taxiride.meters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * How far behind the head of the event store each streaming processor of this process is, in events: the meter to
 * alert on when a view or the saga falls behind. It is worked out when it is read (a scrape asks the store for its
 * head once per processor), so handling an event costs nothing more; Axon's own meters (axon-micrometer) time every
 * message and cost the benchmark's replay a third to a half of its speed (docs/benchmarks.md, "What did not help").
 * A stopped processor (paused from the Axon Server dashboard, say) keeps the position this process last saw it at,
 * so it falls further behind as events arrive. A running one whose segments are all held by other instances shows
 * NaN here; so does any while the store cannot be reached.
 */
class ProcessorLagMeters {

    static final String BEHIND = "taxiride.processor.behind";

    private final EventProcessingConfiguration processing;
    private final ObjectProvider<EventStore> eventStore;
    private final ObjectProvider<MeterRegistry> meters;
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    ProcessorLagMeters(EventProcessingConfiguration processing, ObjectProvider<EventStore> eventStore,
                       ObjectProvider<MeterRegistry> meters) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.meters = meters;
    }

    /** Once the processors are configured: only then does Axon say which there are. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        meters.ifAvailable(registry -> processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder(BEHIND, () -> behind(name, streaming))
                     .description("Events between the head of the event store and the processor's slowest segment")
                     .baseUnit("events")
                     .tag("processor", name)
                     .register(registry);
            }
        }));
    }

    private double behind(String name, StreamingEventProcessor processor) {
        OptionalLong slowest = processor.processingStatus().values().stream()
                                        .map(EventTrackerStatus::getCurrentPosition)
                                        .mapToLong(position -> position.orElse(-1))
                                        .min();
        if (slowest.isPresent()) {
            lastSeen.put(name, slowest.getAsLong());
        } else if (!processor.isRunning() && lastSeen.containsKey(name)) {
            slowest = OptionalLong.of(lastSeen.get(name));
        }
        EventStore store = eventStore.getIfAvailable();
        if (slowest.isEmpty() || store == null) {
            return Double.NaN;
        }
        try {
            TrackingToken head = store.createHeadToken();
            long headPosition = head == null ? -1 : head.position().orElse(-1);
            return Math.max(0, headPosition - slowest.getAsLong());
        } catch (RuntimeException unreachable) {
            return Double.NaN;
        }
    }
}
