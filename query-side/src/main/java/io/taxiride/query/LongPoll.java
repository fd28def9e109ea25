package io.taxiride.query;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A request that waits until a view reaches a state: answered by the projection's own update (an Axon subscription
 * query), or after the wait with the view as it is then. Updates reach only subscribers in the process whose
 * projection made the change, though: with several instances on one database (postgres profile) the change may be
 * another instance's. So the view is also read again every {@link #RECHECK_EVERY} while waiting, and once more at the
 * end of the wait. A view not known yet is waited for too; {@code notFound} only if it is still unknown at the end.
 */
public final class LongPoll implements AutoCloseable {

    /** Below the servlet container's default asynchronous request timeout (30 s). */
    public static final int MAX_WAIT_SECONDS = 25;
    /** How often a waiting request reads the view itself, for changes made by another instance's projection. */
    public static final Duration RECHECK_EVERY = Duration.ofSeconds(1);

    /**
     * The re-reads of waiting requests run on these threads, which nothing ever interrupts. Reactor interrupts a
     * scheduler thread whose task is cancelled (a wait that ends while its re-read runs), and H2 closes the whole
     * database when a thread is interrupted during file I/O.
     */
    private final ExecutorService readThreads;
    private final Scheduler reads;
    private final Waits waits;

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
        Runnable leave;
        try {
            leave = waits.enter();
        } catch (TooManyWaitsException full) {
            subscription.cancel();
            throw full;
        }
        Mono<T> current = Mono.fromFuture(find).flatMap(Mono::justOrEmpty).subscribeOn(reads);
        // A re-read slower than the interval (a loaded machine) makes the ticks meanwhile pointless: they are dropped,
        // where Flux.interval would fail the whole wait for want of demand.
        Flux<T> rechecks = Flux.interval(RECHECK_EVERY).onBackpressureDrop().concatMap(tick -> current);
        // While Axon Server cannot be reached, the wait goes on with the re-reads of this process's own view alone.
        return subscription.initialResult().onErrorResume(unreachable -> current)
                           .concatWith(Flux.merge(subscription.updates().onErrorResume(unreachable -> Flux.empty()),
                                                  rechecks))
                           .filter(reached)
                           .next()
                           .timeout(Duration.ofSeconds(waitSeconds), current)
                           .switchIfEmpty(Mono.error(notFound))
                           .doFinally(signal -> subscription.cancel())
                           .toFuture()
                           // Its place is free before the answer is: the next wait never finds it taken.
                           .whenComplete((view, failure) -> leave.run());
    }

    @Override
    public void close() {
        readThreads.shutdown();
    }
}
