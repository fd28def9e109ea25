package io.taxiride.query;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A request that waits until a view reaches a state, or follows its states as a stream ({@link #stream}): answered by
 * the projection's own update (an Axon subscription query), or after the wait with the view as it is then. Updates
 * reach only subscribers in the process whose projection made the change, though: with several instances on one
 * database (postgres profile) the change may be another instance's. So the view is also read again every
 * {@link #RECHECK_EVERY} while waiting, and once more at the end of the wait. A view not known yet is waited for too;
 * {@code notFound} only if it is still unknown at the end.
 */
public final class LongPoll implements AutoCloseable {

    /** Below the servlet container's default asynchronous request timeout (30 s). */
    public static final int MAX_WAIT_SECONDS = 25;
    /** How often a waiting request reads the view itself, for changes made by another instance's projection. */
    public static final Duration RECHECK_EVERY = Duration.ofSeconds(1);
    /** The longest a stream stays open; a browser's EventSource then opens it again by itself. */
    public static final Duration MAX_STREAM = Duration.ofMinutes(5);
    /**
     * How often a stream with nothing new says it is there. A client gone is noticed at the second write after it
     * left (the first still fits the socket's buffer): within twice this.
     */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);

    /**
     * The re-reads of waiting requests run on these threads, which nothing ever interrupts. Reactor interrupts a
     * scheduler thread whose task is cancelled (a wait that ends while its re-read runs), and H2 closes the whole
     * database when a thread is interrupted during file I/O.
     */
    private final ExecutorService readThreads;
    private final Scheduler reads;
    private final Waits waits;
    /** What ends each open stream: run when the process stops, before the read threads do. */
    private final Set<Runnable> openStreams = ConcurrentHashMap.newKeySet();

    public LongPoll(String threadNamePrefix, Waits waits) {
        this.waits = waits;
        CustomizableThreadFactory threads = new CustomizableThreadFactory(threadNamePrefix);
        threads.setDaemon(true);
        this.readThreads = Executors.newFixedThreadPool(2, threads);
        // A plain Executor, not the ExecutorService: Reactor cancels the tasks of an ExecutorService with an interrupt.
        this.reads = Schedulers.fromExecutor(readThreads::execute);
    }

    /**
     * Subscription queries always go through Axon Server, and the connector refuses one at once while it has no
     * connection: the subscription then fails, and the wait goes on with the re-reads of this process's own view.
     * The initial result is asked for as a plain instance, empty for an unknown view: Axon Server carries it
     * serialized as the handler side converted it, and a java.util.Optional arrives with a map inside.
     */
    public static <T> SubscriptionQueryResult<T, T> subscribe(QueryGateway queries, Object query, Class<T> view) {
        try {
            return queries.subscriptionQuery(query, ResponseTypes.instanceOf(view), ResponseTypes.instanceOf(view));
        } catch (RuntimeException unreachable) {
            return new DefaultSubscriptionQueryResult<>(Mono.error(unreachable), Flux.error(unreachable), () -> true);
        }
    }

    /**
     * The first view that has {@code reached}, or the view after {@code waitSeconds}; {@code notFound} if none.
     *
     * @throws TooManyWaitsException when this process holds as many waits as it may: the subscription is cancelled
     */
    public <T> CompletableFuture<T> await(SubscriptionQueryResult<T, T> subscription,
                                         Supplier<CompletableFuture<Optional<T>>> find, Predicate<T> reached,
                                         int waitSeconds, Supplier<? extends RuntimeException> notFound) {
        Runnable leave = enter(subscription);
        return follow(subscription, find)
                .filter(reached)
                .next()
                .timeout(Duration.ofSeconds(waitSeconds), current(find))
                .switchIfEmpty(Mono.error(notFound))
                .doFinally(signal -> subscription.cancel())
                .toFuture()
                // Its place is free before the answer is: the next wait never finds it taken.
                .whenComplete((view, failure) -> leave.run());
    }

    /**
     * A stream of the view's states ({@code text/event-stream}), one event {@code name} each time what {@code visible}
     * lets through changes, from the state it is in now. It ends after the state that is {@code last} (a ride that
     * ended), or after {@link #MAX_STREAM}, when a browser's EventSource opens it again by itself. A view still not
     * visible after {@code waitSeconds} ends it with one event {@code not-found}, {@code notFound}'s problem: the
     * stream's answer was 200 by then. It holds a place among the waits for as long as it is open.
     *
     * @throws TooManyWaitsException when this process holds as many waits as it may: the subscription is cancelled
     */
    public <T> SseEmitter stream(String name, SubscriptionQueryResult<T, T> subscription,
                                 Supplier<CompletableFuture<Optional<T>>> find, Predicate<T> visible,
                                 Predicate<T> last, int waitSeconds, Supplier<ProblemDetail> notFound) {
        Runnable leave = enter(subscription);
        SseEmitter emitter = new SseEmitter(MAX_STREAM.plus(RECHECK_EVERY).toMillis());
        Disposable.Swap following = Disposables.swap();
        // A comment now and then: the server learns that a client went away only when it writes to it, and proxies
        // close connections that stay silent.
        Disposable heartbeat = Flux.interval(HEARTBEAT)
                                   .subscribe(tick -> send(emitter, SseEmitter.event().comment(""), following));
        Runnable end = () -> {
            following.dispose();
            emitter.complete();
        };
        openStreams.add(end);
        following.update(follow(subscription, find)
                .filter(visible)
                .distinctUntilChanged()
                .takeUntil(last)
                .take(MAX_STREAM)
                .map(view -> SseEmitter.event().name(name).data(view, MediaType.APPLICATION_JSON))
                // Only the first view is waited for; the stream's one event then says it was not found.
                .timeout(Mono.delay(Duration.ofSeconds(waitSeconds)), event -> Mono.never(),
                         Mono.fromSupplier(() -> SseEmitter.event().name("not-found")
                                                           .data(notFound.get(), MediaType.APPLICATION_PROBLEM_JSON)))
                // Here, not in the emitter's callbacks alone: a stream that ends while the request is being handled
                // (a ride that has ended) completes before the emitter has any.
                .doFinally(signal -> {
                    heartbeat.dispose();
                    subscription.cancel();
                    leave.run();
                    openStreams.remove(end);
                })
                .subscribe(event -> send(emitter, event, following), emitter::completeWithError, emitter::complete));
        // A client that went away, or the request's time limit: the stream is let go of.
        emitter.onCompletion(following::dispose);
        emitter.onTimeout(following::dispose);
        emitter.onError(failure -> following.dispose());
        return emitter;
    }

    /** A place among the waits, or a refusal that cancels the subscription it would have held. */
    private Runnable enter(SubscriptionQueryResult<?, ?> subscription) {
        try {
            return waits.enter();
        } catch (TooManyWaitsException full) {
            subscription.cancel();
            throw full;
        }
    }

    /**
     * A client that went away ends its stream, and the stream lets go of everything it held here, not only in the
     * emitter's callbacks: a request the container has already let go of never calls them, and the stream would hold
     * its place among the waits until {@link #MAX_STREAM}.
     */
    private static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event, Disposable following) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone);
            following.dispose();
        }
    }

    /**
     * The view's states from now: the current one, each update, and a re-read every {@link #RECHECK_EVERY}. While
     * Axon Server cannot be reached, it goes on with the re-reads of this process's own view alone.
     */
    private <T> Flux<T> follow(SubscriptionQueryResult<T, T> subscription,
                               Supplier<CompletableFuture<Optional<T>>> find) {
        Mono<T> current = current(find);
        // A re-read slower than the interval (a loaded machine) makes the ticks meanwhile pointless: they are dropped,
        // where Flux.interval would fail the whole wait for want of demand.
        Flux<T> rechecks = Flux.interval(RECHECK_EVERY).onBackpressureDrop().concatMap(tick -> current);
        return subscription.initialResult().onErrorResume(unreachable -> current)
                           .concatWith(Flux.merge(subscription.updates().onErrorResume(unreachable -> Flux.empty()),
                                                  rechecks));
    }

    private <T> Mono<T> current(Supplier<CompletableFuture<Optional<T>>> find) {
        return Mono.fromFuture(find).flatMap(Mono::justOrEmpty).subscribeOn(reads);
    }

    /**
     * Ends the open streams (their clients open them again, on another instance if this one is gone), then stops the
     * read threads: a stream still following its view would otherwise schedule a re-read on threads that are gone.
     */
    @Override
    public void close() {
        openStreams.forEach(Runnable::run);
        readThreads.shutdown();
    }
}
