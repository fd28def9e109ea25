package io.taxiride.query.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * A projection given a dead-letter queue ({@link #parkFailures}) parks an event its handler fails on, with the later
 * events of the same call or driver, in its own database, and goes on with every other ride: one poison event no
 * longer stops the whole view. The operator lists, retries and evicts them through
 * {@code /admin/processors/{name}/dead-letters}.
 * <p>
 * Only a failure of the handler's own code is parked. A failure of the database rolls the processor's whole batch
 * back, the letter with it, and the processor retries the batch as before. Sagas have no dead-letter queue in Axon:
 * a saga's failing event still stops it and is retried until it succeeds.
 * <p>
 * A replay of the view empties its queue: every parked event is handled again in the replay, and parked again if it
 * still fails.
 */
@Configuration
public class DeadLetterConfiguration {

    static final String FAILURES = "failures";
    static final String LETTERS = "taxiride.dead-letters";

    private final EventProcessingConfiguration processing;
    private final ObjectProvider<MeterRegistry> meters;

    DeadLetterConfiguration(EventProcessingConfiguration processing, ObjectProvider<MeterRegistry> meters) {
        this.processing = processing;
        this.meters = meters;
    }

    /** Gives the projection of this processing group a dead-letter queue in the database of its view. */
    public static void parkFailures(EventProcessingConfigurer processing, String group) {
        processing.registerDeadLetterQueue(group, configuration -> JpaSequencedDeadLetterQueue
                          .<EventMessage<?>>builder()
                          .processingGroup(group)
                          .entityManagerProvider(configuration.getComponent(EntityManagerProvider.class))
                          .transactionManager(configuration.getComponent(TransactionManager.class))
                          .eventSerializer(configuration.eventSerializer())
                          .genericSerializer(configuration.serializer())
                          .build())
                  .registerDeadLetterPolicy(group, configuration -> countingFailures())
                  // The cache remembers which calls or drivers have parked events, so while the queue is empty no
                  // event costs a query; allowReset empties the queue when the view is replayed.
                  .registerDeadLetteringEventHandlerInvokerConfiguration(
                          group, (configuration, invoker) -> invoker.enableSequenceIdentifierCache().allowReset(true));
    }

    /** Parks every failure, counting in the letter how often its event has failed, so a retry's outcome shows. */
    static EnqueuePolicy<EventMessage<?>> countingFailures() {
        return (letter, cause) -> Decisions.enqueue(
                ThrowableCause.truncated(cause),
                parked -> parked.diagnostics().and(FAILURES, failures(parked.diagnostics()) + 1));
    }

    static int failures(MetaData diagnostics) {
        return diagnostics.get(FAILURES) instanceof Number count ? count.intValue() : 0;
    }

    /**
     * Events parked per processor, so an alert can fire on a queue that is not empty. Registered once the processors
     * are configured: only then does Axon say which have a queue.
     */
    @EventListener(ApplicationReadyEvent.class)
    void meterDeadLetters() {
        meters.ifAvailable(registry -> processing.eventProcessors().keySet().stream()
                  .filter(name -> processing.deadLetterQueue(name).isPresent())
                  .forEach(name -> Gauge.builder(LETTERS, () -> processing.deadLetterQueue(name)
                                                                          .map(SequencedDeadLetterQueue::size)
                                                                          .orElse(0L))
                                        .description("Events parked in the projection's dead-letter queue")
                                        .tag("processor", name)
                                        .register(registry)));
    }
}
