package io.taxiride.meters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.awaitility.core.ConditionFactory;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The indicator on real Axon tracking processors: one whose handler fails on an event and is retried, one whose
 * thread ends on an {@link Error}, and one paused as the dashboard pauses it.
 */
class EventProcessorsHealthTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Handler steady = new Steady();
    private final Handler flaky = new Flaky();
    private final Handler fatal = new Fatal();
    private Configuration axon;
    private EventProcessorsHealth health;

    @BeforeEach
    void start() {
        axon = DefaultConfigurer.defaultConfiguration()
                                .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine())
                                .eventProcessing(processing -> {
                                    for (String group : new String[] {"steady", "flaky", "fatal"}) {
                                        processing.registerTrackingEventProcessor(group)
                                                  .registerListenerInvocationErrorHandler(
                                                          group, configuration -> PropagatingErrorHandler.instance());
                                    }
                                    processing.registerEventHandler(configuration -> steady)
                                              .registerEventHandler(configuration -> flaky)
                                              .registerEventHandler(configuration -> fatal);
                                })
                                .buildConfiguration();
        axon.start();
        health = new EventProcessorsHealth(axon.eventProcessingConfiguration());
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    @Test
    void upWhileEveryProcessorHandlesItsEvents() {
        publish("a ride");

        waiting().until(() -> steady.handled == 1 && flaky.handled == 1 && fatal.handled == 1);
        Health answer = health.health();
        assertThat(answer.getStatus()).isEqualTo(Status.UP);
        assertThat(processor(answer, "steady")).containsEntry("running", true).containsEntry("stoppedByError", false)
                                               .doesNotContainKey("segmentsRetrying");
    }

    @Test
    void downWhileASegmentRetriesAFailingEventAndUpOnceItIsHandled() {
        flaky.failing = true;
        publish("a ride");

        waiting().until(() -> health.health().getStatus().equals(Status.DOWN));
        Map<String, Object> retrying = processor(health.health(), "flaky");
        assertThat(retrying).containsEntry("running", true).containsEntry("stoppedByError", false);
        assertThat(retrying.get("segmentsRetrying")).asString()
                                                    .contains("0=java.lang.IllegalStateException: the view is away");
        assertThat(processor(health.health(), "steady")).doesNotContainKey("segmentsRetrying");

        flaky.failing = false;
        waiting().until(() -> health.health().getStatus().equals(Status.UP));
        assertThat(flaky.handled).isEqualTo(1);
    }

    @Test
    void downWhenAnErrorStopsAProcessorAndStaysSoUntilItIsStartedAgain() {
        fatal.failing = true;
        publish("a ride");

        waiting().until(() -> axon.eventProcessingConfiguration().eventProcessor("fatal")
                                                 .orElseThrow().isError());
        fatal.failing = false;
        Health answer = health.health();
        assertThat(answer.getStatus()).isEqualTo(Status.DOWN);
        assertThat(processor(answer, "fatal")).containsEntry("running", false).containsEntry("stoppedByError", true);
        assertThat(health.health().getStatus()).as("no retry of its own").isEqualTo(Status.DOWN);

        axon.eventProcessingConfiguration().eventProcessor("fatal").orElseThrow().start();
        waiting().until(() -> fatal.handled == 1);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aProcessorPausedAsTheDashboardPausesItIsNotAFailure() {
        axon.eventProcessingConfiguration().eventProcessor("steady").orElseThrow().shutDown();

        Health answer = health.health();
        assertThat(answer.getStatus()).isEqualTo(Status.UP);
        assertThat(processor(answer, "steady")).containsEntry("running", false).containsEntry("stoppedByError", false);
    }

    /** Axon ends the fatal processor's thread with the error uncaught, which Awaitility would take for its own. */
    private static ConditionFactory waiting() {
        return await().atMost(PATIENCE).dontCatchUncaughtExceptions();
    }

    private void publish(String payload) {
        axon.eventBus().publish(GenericEventMessage.asEventMessage(payload));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> processor(Health answer, String name) {
        return (Map<String, Object>) ((Map<String, Object>) answer.getDetails().get("processors")).get(name);
    }

    abstract static class Handler {
        volatile boolean failing;
        volatile int handled;

        @EventHandler
        void on(String ride) {
            if (failing) {
                fail();
            }
            handled++;
        }

        abstract void fail();
    }

    @ProcessingGroup("steady")
    static class Steady extends Handler {
        @Override
        void fail() {
        }
    }

    @ProcessingGroup("flaky")
    static class Flaky extends Handler {
        @Override
        void fail() {
            throw new IllegalStateException("the view is away\nand the second line is left out");
        }
    }

    /** An {@link Error} is not retried: Axon ends the processor's thread and pauses the processor in error. */
    @ProcessingGroup("fatal")
    static class Fatal extends Handler {
        @Override
        void fail() {
            throw new Error("the thread cannot go on");
        }
    }
}
