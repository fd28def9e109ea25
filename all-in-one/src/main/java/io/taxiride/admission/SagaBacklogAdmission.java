package io.taxiride.admission;

import io.taxiride.command.call.CallAdmission;
import io.taxiride.saga.TaxiRideSaga;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Takes a new call only while the saga keeps up with the rides already taken. The saga does most of a ride's work
 * (payment, driver, completion), so when more calls arrive than it can carry, its backlog of stored events grows;
 * past {@code taxiride.admission.max-saga-backlog} a new call is refused with 503 and {@code Retry-After} instead of
 * joining a queue in which every ride waits too long (docs/benchmarks.md, session 9). The backlog is the head of
 * the event stream minus the position of the slowest saga segment this instance holds (none held: no backlog
 * known here, calls taken); it is looked up at most every 100 ms, one query for the head. Refusals are counted in
 * {@code taxiride.admission.refused}.
 */
@Component
@EnableConfigurationProperties(AdmissionProperties.class)
class SagaBacklogAdmission implements CallAdmission {

    private static final Logger log = LoggerFactory.getLogger(SagaBacklogAdmission.class);
    private static final long RECHECK_NANOS = Duration.ofMillis(100).toNanos();

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final AdmissionProperties properties;
    private final Counter refused;
    private volatile Decision last;

    SagaBacklogAdmission(EventProcessingConfiguration processing, EventStore eventStore,
                         AdmissionProperties properties, MeterRegistry meters) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.properties = properties;
        this.refused = Counter.builder("taxiride.admission.refused")
                              .description("New calls refused because the saga was behind")
                              .register(meters);
    }

    @Override
    public Optional<Duration> refusal() {
        if (!properties.enabled()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Decision decision = last;
        if (decision == null || now - decision.at() >= RECHECK_NANOS) {
            decision = decide(now, decision);
            last = decision;
        }
        if (!decision.refuse()) {
            return Optional.empty();
        }
        refused.increment();
        return Optional.of(properties.retryAfter());
    }

    private Decision decide(long now, Decision previous) {
        long backlog = backlog();
        boolean refuse = backlog > properties.maxSagaBacklog();
        boolean refusing = previous != null && previous.refuse();
        if (refuse && !refusing) {
            log.warn("Refusing new calls: the saga has {} stored events left to handle (more than {})", backlog,
                     properties.maxSagaBacklog());
        } else if (!refuse && refusing) {
            log.info("Taking new calls again: the saga has {} stored events left to handle", backlog);
        }
        return new Decision(now, refuse);
    }

    /**
     * Stored events the slowest saga segment held here has not handled yet; 0 when this instance holds none or the
     * event store is empty (no head).
     */
    long backlog() {
        OptionalLong slowest = processing.eventProcessor(TaxiRideSaga.PROCESSING_GROUP, StreamingEventProcessor.class)
                                         .map(saga -> saga.processingStatus().values().stream()
                                                          .mapToLong(SagaBacklogAdmission::position)
                                                          .min())
                                         .orElse(OptionalLong.empty());
        if (slowest.isEmpty()) {
            return 0;
        }
        TrackingToken head = eventStore.createHeadToken();
        if (head == null) {
            return 0;
        }
        return Math.max(0, head.position().orElse(-1) - slowest.getAsLong());
    }

    /** A segment that has handled nothing yet stands before the first event. */
    private static long position(EventTrackerStatus status) {
        return status.getCurrentPosition().orElse(-1);
    }

    private record Decision(long at, boolean refuse) {
    }
}
