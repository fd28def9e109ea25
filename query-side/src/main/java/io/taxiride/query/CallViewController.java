package io.taxiride.query;

import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.FindCallViewsQuery;

import jakarta.annotation.PreDestroy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

@RestController
@RequestMapping("/callViews")
class CallViewController {

    /** Below the servlet container's default asynchronous request timeout (30 s). */
    static final int MAX_WAIT_SECONDS = 25;
    /** How often a waiting request reads the view itself, for changes made by another instance's projection. */
    static final Duration RECHECK_EVERY = Duration.ofSeconds(1);

    private final QueryGateway queries;
    /**
     * The re-reads of waiting requests run on these threads, which nothing ever interrupts. Reactor interrupts a
     * scheduler thread whose task is cancelled (a wait that ends while its re-read runs), and H2 closes the whole
     * database when a thread is interrupted during file I/O.
     */
    private final ExecutorService readThreads;
    private final Scheduler reads;

    CallViewController(QueryGateway queries) {
        this.queries = queries;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("call-view-read-");
        threads.setDaemon(true);
        this.readThreads = Executors.newFixedThreadPool(2, threads);
        // A plain Executor, not the ExecutorService: Reactor cancels the tasks of an ExecutorService with an interrupt.
        this.reads = Schedulers.fromExecutor(readThreads::execute);
    }

    @PreDestroy
    void stop() {
        readThreads.shutdown();
    }

    @GetMapping("/{callId}")
    CompletableFuture<CallView> one(@PathVariable String callId) {
        return find(callId).thenApply(view -> view.orElseThrow(() -> notFound(callId)));
    }

    /**
     * Long polling: answers as soon as the ride has reached {@code until} (that status or a later one in the
     * lifecycle, or an end state: COMPLETED or CANCELLED), or after {@code waitSeconds} with the view as it is then.
     * A call the view does not know yet (just placed) is waited for too; 404 only if it is still unknown at the end.
     * Built on an Axon subscription query, so the answer comes from the projection's own update, not from polling.
     * Updates reach only subscribers in the process whose projection made the change, though: with several instances
     * on one database (postgres profile) the ride's segment may be another instance's. So the view is also read again
     * every {@link #RECHECK_EVERY} while waiting, and once more at the end of the wait.
     */
    @GetMapping(path = "/{callId}", params = "until")
    CompletableFuture<CallView> awaitStatus(@PathVariable String callId, @RequestParam CallStatus until,
                                            @RequestParam(defaultValue = "10") @Min(1) @Max(MAX_WAIT_SECONDS)
                                            int waitSeconds) {
        SubscriptionQueryResult<CallView, CallView> subscription = subscribe(callId);
        Mono<CallView> current = Mono.fromFuture(() -> find(callId)).flatMap(Mono::justOrEmpty).subscribeOn(reads);
        // A re-read slower than the interval (a loaded machine) makes the ticks meanwhile pointless: they are dropped,
        // where Flux.interval would fail the whole wait for want of demand.
        Flux<CallView> rechecks = Flux.interval(RECHECK_EVERY).onBackpressureDrop().concatMap(tick -> current);
        // While Axon Server cannot be reached, the wait goes on with the re-reads of this process's own view alone.
        return subscription.initialResult().onErrorResume(unreachable -> current)
                           .concatWith(Flux.merge(subscription.updates().onErrorResume(unreachable -> Flux.empty()),
                                                  rechecks))
                           .filter(view -> hasReached(view.status(), until))
                           .next()
                           .timeout(Duration.ofSeconds(waitSeconds), current)
                           .switchIfEmpty(Mono.error(() -> notFound(callId)))
                           .doFinally(signal -> subscription.cancel())
                           .toFuture();
    }

    /**
     * Subscription queries always go through Axon Server, and the connector refuses one at once while it has no
     * connection: the subscription then fails, and the wait goes on with the re-reads of this process's own view.
     */
    private SubscriptionQueryResult<CallView, CallView> subscribe(String callId) {
        try {
            // The initial result as a plain instance, empty for an unknown call: Axon Server carries it serialized as
            // the handler side converted it, and a java.util.Optional arrives with a map inside instead of a CallView.
            return queries.subscriptionQuery(new FindCallViewQuery(callId), ResponseTypes.instanceOf(CallView.class),
                                             ResponseTypes.instanceOf(CallView.class));
        } catch (RuntimeException unreachable) {
            return new DefaultSubscriptionQueryResult<>(Mono.error(unreachable), Flux.error(unreachable), () -> true);
        }
    }

    @GetMapping
    CompletableFuture<CallViewPage> page(@RequestParam(required = false) @Size(max = 64) String userId,
                                         @RequestParam(required = false) CallStatus status,
                                         @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                         @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return queries.query(new FindCallViewsQuery(userId, status, page, size), CallViewPage.class);
    }

    private CompletableFuture<Optional<CallView>> find(String callId) {
        return queries.query(new FindCallViewQuery(callId), ResponseTypes.optionalInstanceOf(CallView.class));
    }

    /** A ride moves PLACED → PAID → DRIVER_ASSIGNED → IN_PROGRESS → COMPLETED, or to CANCELLED from any of them. */
    static boolean hasReached(CallStatus status, CallStatus until) {
        if (status == until || status == CallStatus.COMPLETED || status == CallStatus.CANCELLED) {
            return true;
        }
        return until != CallStatus.CANCELLED && status.ordinal() > until.ordinal();
    }

    private static ErrorResponseException notFound(String callId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No call with id " + callId);
        problem.setProperty("code", "CALL_NOT_FOUND");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
