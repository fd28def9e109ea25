package io.taxiride.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A real tracking processor whose event stream cannot be opened while "Axon Server" is away: it backs off 1, 2, 4 s…;
 * once the connection is back the log resumes it at once, and it says so once each way.
 */
@ExtendWith(OutputCaptureExtension.class)
class AxonServerConnectionLogTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
                                                               .storageEngine(new InMemoryEventStorageEngine())
                                                               .build();
    private final AtomicBoolean reachable = new AtomicBoolean(false);
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final TrackingEventProcessor view = TrackingEventProcessor.builder()
            .name("test-view")
            .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Object() {
                @EventHandler
                void on(String event) {
                    handled.add(event);
                }
            }).build())
            .messageSource(new StreamableMessageSource<TrackedEventMessage<?>>() {
                @Override
                public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
                    if (!reachable.get()) {
                        throw new IllegalStateException("the event store cannot be reached");
                    }
                    return store.openStream(token);
                }

                @Override
                public TrackingToken createTailToken() {
                    return store.createTailToken();
                }
            })
            .tokenStore(new InMemoryTokenStore())
            .transactionManager(NoTransactionManager.INSTANCE)
            .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                    .andInitialTrackingToken(StreamableMessageSource::createTailToken))
            .build();

    @AfterEach
    void tearDown() {
        view.shutDown();
        store.shutDown();
    }

    @Test
    void aProcessorInItsRetryBackOffResumesAsSoonAsTheConnectionIsBack(CapturedOutput output) throws Exception {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(Map.of("test-view", (EventProcessor) view));
        AxonServerConnectionLog connection = new AxonServerConnectionLog(reachable::get, "axonserver:8124",
                                                                         () -> processing);
        view.start();
        connection.check();
        // Its attempts fail at about 0, 1 and 3 s; the next would come at about 7 s.
        await().atMost(Duration.ofSeconds(10)).until(() -> AxonServerConnectionLog.inRetry(view));
        Thread.sleep(3_500);
        connection.check();

        reachable.set(true);
        store.publish(GenericEventMessage.asEventMessage("after the outage"));
        long back = System.nanoTime();
        connection.check();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("after the outage"));
        assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(2));
        assertThat(AxonServerConnectionLog.inRetry(view)).isFalse();

        connection.check();
        assertThat(output.getOut().lines().filter(line -> line.contains("Axon Server connection lost"))).hasSize(1);
        assertThat(output.getOut().lines().filter(line -> line.contains("Axon Server connection back")))
                .singleElement().asString().contains("resumed [test-view]");
    }

    @Test
    void withoutAnOutageNothingIsLoggedOrRestarted(CapturedOutput output) {
        reachable.set(true);
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(Map.of("test-view", (EventProcessor) view));
        view.start();
        store.publish(GenericEventMessage.asEventMessage("a ride"));
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("a ride"));

        AxonServerConnectionLog connection = new AxonServerConnectionLog(reachable::get, "axonserver:8124",
                                                                         () -> processing);
        connection.check();
        connection.check();

        assertThat(output.getOut()).doesNotContain("Axon Server connection");
        assertThat(view.isRunning()).isTrue();
    }
}
