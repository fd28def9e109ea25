package io.taxiride.meters;

import java.util.Map;
import java.util.TreeMap;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The health's {@code eventProcessors} component: whether the views and the saga of this process are advancing.
 * <p>
 * {@code DOWN} while a processor is stopped by an error Axon could not recover from (an {@link Error} on its thread, a
 * token store that refuses for good: only a start brings it back), or has a segment retrying after a failure (its
 * database away, a saga's handler failing: Axon retries it, waiting up to a minute between tries, and nothing after
 * that event is handled meanwhile). Every other component can be {@code UP} while a view or the saga stands still.
 * <p>
 * A processor that is merely not running is {@code UP}: the operator pauses one from the Axon Server dashboard, and
 * the pause is theirs. Its lag meter ({@code taxiride.processor.behind}) shows how far it falls behind meanwhile.
 * <p>
 * The readiness and liveness groups leave this component out: a restart does not cure a failing event or an absent
 * database, and taking the process out of the load balancer would stop every request besides the stuck view's.
 */
class EventProcessorsHealth extends AbstractHealthIndicator {

    /** An exception's message can be long (SQL, a stack of causes): the first line of it says what failed. */
    private static final int MESSAGE_LENGTH = 200;

    private final EventProcessingConfiguration processing;

    EventProcessorsHealth(EventProcessingConfiguration processing) {
        super("Event processors' status could not be read");
        this.processing = processing;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean failing = false;
        Map<String, Object> processors = new TreeMap<>();
        for (EventProcessor processor : processing.eventProcessors().values()) {
            Map<String, Object> details = new TreeMap<>();
            details.put("running", processor.isRunning());
            details.put("stoppedByError", processor.isError());
            failing |= processor.isError();
            if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, String> retrying = new TreeMap<>();
                for (EventTrackerStatus segment : streaming.processingStatus().values()) {
                    if (segment.isErrorState()) {
                        retrying.put(segment.getSegment().getSegmentId(), describe(segment.getError()));
                    }
                }
                if (!retrying.isEmpty()) {
                    details.put("segmentsRetrying", retrying);
                    failing = true;
                }
            }
            processors.put(processor.getName(), details);
        }
        (failing ? builder.down() : builder.up()).withDetail("processors", processors);
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String message = error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        String firstLine = message.lines().findFirst().orElse(message);
        return firstLine.length() <= MESSAGE_LENGTH ? firstLine : firstLine.substring(0, MESSAGE_LENGTH) + "…";
    }
}
