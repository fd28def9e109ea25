package io.taxiride.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class LongPollTest {

    private final Waits waits = new Waits(4, WaitsTest.withMeters(new SimpleMeterRegistry()));
    private final LongPoll longPoll = new LongPoll("long-poll-test-", waits);

    /**
     * A stream that never ends by itself (a driver's) holds its place and its subscription until the process stops;
     * stopping gives both back and ends the stream, before the threads its re-reads run on are gone.
     */
    @Test
    void stoppingEndsTheOpenStreamsAndGivesTheirPlacesBack() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        SubscriptionQueryResult<String, String> subscription = new DefaultSubscriptionQueryResult<>(
                Mono.just("AVAILABLE"), Flux.never(), () -> {
                    cancelled.set(true);
                    return true;
                });
        longPoll.stream("driver-view", subscription, () -> {
            reads.incrementAndGet();
            return CompletableFuture.completedFuture(Optional.of("AVAILABLE"));
        }, view -> true, view -> false, 10, () -> ProblemDetail.forStatus(HttpStatus.NOT_FOUND));
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 1);
        assertThat(waits.waiting()).isEqualTo(1);
        assertThat(cancelled).isFalse();

        longPoll.close();

        assertThat(waits.waiting()).isZero();
        assertThat(cancelled).isTrue();
        int readsAtClose = reads.get();
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4))
               .until(() -> reads.get() == readsAtClose);
    }

    /**
     * A stream whose client went away ends on the first event it cannot send and gives its place and subscription
     * back, even when the container never calls the emitter back: here an emitter no request holds, completed as a
     * broken connection completes it, whose callbacks nothing calls.
     */
    @Test
    void aStreamThatCannotSendGivesItsPlaceBackWithoutTheContainersCallbacks() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Sinks.Many<String> updates = Sinks.many().multicast().onBackpressureBuffer();
        SubscriptionQueryResult<String, String> subscription = new DefaultSubscriptionQueryResult<>(
                Mono.just("OFFERED"), updates.asFlux(), () -> {
                    cancelled.set(true);
                    return true;
                });
        SseEmitter emitter = longPoll.stream("driver-view", subscription,
                                             () -> CompletableFuture.completedFuture(Optional.of("OFFERED")),
                                             view -> true, view -> false, 10,
                                             () -> ProblemDetail.forStatus(HttpStatus.NOT_FOUND));
        assertThat(waits.waiting()).isEqualTo(1);
        emitter.completeWithError(new IOException("the client went away"));

        updates.tryEmitNext("ON_RIDE");

        await().atMost(Duration.ofSeconds(5)).until(() -> waits.waiting() == 0);
        assertThat(cancelled).isTrue();
    }
}
