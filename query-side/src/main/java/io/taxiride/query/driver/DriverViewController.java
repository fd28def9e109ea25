package io.taxiride.query.driver;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;
import io.taxiride.api.view.DriverViewPage;
import io.taxiride.api.view.FindDriverQuery;
import io.taxiride.api.view.FindDriversQuery;

import jakarta.annotation.PreDestroy;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

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

/** Drivers as the driver-view shows them: for the driver's app (their offer), and for a look at who is around. */
@RestController
@RequestMapping("/drivers")
class DriverViewController {

    /** Below the servlet container's default asynchronous request timeout (30 s). */
    static final int MAX_WAIT_SECONDS = 25;
    /** How often a waiting request reads the view itself, for changes made by another instance's projection. */
    static final Duration RECHECK_EVERY = Duration.ofSeconds(1);

    private final QueryGateway queries;
    /** Never interrupted, for the reason CallViewController gives: H2 closes its database on an interrupt. */
    private final ExecutorService readThreads;
    private final Scheduler reads;

    DriverViewController(QueryGateway queries) {
        this.queries = queries;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("driver-view-read-");
        threads.setDaemon(true);
        this.readThreads = Executors.newFixedThreadPool(2, threads);
        // A plain Executor, not the ExecutorService: Reactor cancels the tasks of an ExecutorService with an interrupt.
        this.reads = Schedulers.fromExecutor(readThreads::execute);
    }

    @PreDestroy
    void stop() {
        readThreads.shutdown();
    }

    @GetMapping("/{driverId}")
    CompletableFuture<DriverView> one(@PathVariable String driverId) {
        return find(driverId).thenApply(view -> view.orElseThrow(() -> notFound(driverId)));
    }

    /**
     * Long polling, as CallViewController's: answers as soon as the driver's status is {@code until} (their app
     * waiting for an offer: {@code until=OFFERED}), or after {@code waitSeconds} with the view as it is then. A driver
     * the view does not know yet (just registered) is waited for too; 404 only if still unknown at the end. The
     * projection's update answers it; a re-read every {@link #RECHECK_EVERY} and one at the end catch a change made
     * by another instance's projection.
     */
    @GetMapping(path = "/{driverId}", params = "until")
    CompletableFuture<DriverView> awaitStatus(@PathVariable String driverId, @RequestParam DriverStatus until,
                                              @RequestParam(defaultValue = "10") @Min(1) @Max(MAX_WAIT_SECONDS)
                                              int waitSeconds) {
        SubscriptionQueryResult<DriverView, DriverView> subscription = subscribe(driverId);
        Mono<DriverView> current = Mono.fromFuture(() -> find(driverId)).flatMap(Mono::justOrEmpty)
                                       .subscribeOn(reads);
        Flux<DriverView> rechecks = Flux.interval(RECHECK_EVERY).onBackpressureDrop().concatMap(tick -> current);
        return subscription.initialResult().onErrorResume(unreachable -> current)
                           .concatWith(Flux.merge(subscription.updates().onErrorResume(unreachable -> Flux.empty()),
                                                  rechecks))
                           .filter(view -> view.status() == until)
                           .next()
                           .timeout(Duration.ofSeconds(waitSeconds), current)
                           .switchIfEmpty(Mono.error(() -> notFound(driverId)))
                           .doFinally(signal -> subscription.cancel())
                           .toFuture();
    }

    /** Without Axon Server the subscription fails at once, and the wait goes on with the re-reads alone. */
    private SubscriptionQueryResult<DriverView, DriverView> subscribe(String driverId) {
        try {
            return queries.subscriptionQuery(new FindDriverQuery(driverId), ResponseTypes.instanceOf(DriverView.class),
                                             ResponseTypes.instanceOf(DriverView.class));
        } catch (RuntimeException unreachable) {
            return new DefaultSubscriptionQueryResult<>(Mono.error(unreachable), Flux.error(unreachable), () -> true);
        }
    }

    /**
     * Drivers, of one status if given. With {@code near=lat,lon}: those within radiusKm of it, nearest first;
     * without: by driver id.
     */
    @GetMapping
    CompletableFuture<DriverViewPage> page(@RequestParam(required = false) DriverStatus status,
                                           @RequestParam(required = false) String near,
                                           @RequestParam(defaultValue = "5") @DecimalMin(value = "0", inclusive = false)
                                           @DecimalMax("50") double radiusKm,
                                           @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                           @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return queries.query(new FindDriversQuery(status, near == null ? null : position(near), radiusKm, page, size),
                             DriverViewPage.class);
    }

    private CompletableFuture<Optional<DriverView>> find(String driverId) {
        return queries.query(new FindDriverQuery(driverId), ResponseTypes.optionalInstanceOf(DriverView.class));
    }

    /** {@code lat,lon} in WGS84 degrees; anything else is answered 400 INVALID_REQUEST. */
    static Position position(String near) {
        Position position = parse(near);
        if (position == null || !position.inRange()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "near must be lat,lon in degrees (lat -90..90, lon -180..180), not " + near);
            problem.setProperty("code", ErrorCode.INVALID_REQUEST.name());
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        return position;
    }

    private static Position parse(String near) {
        String[] parts = near.split(",", -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            return new Position(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static ErrorResponseException notFound(String driverId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No driver with id " + driverId);
        problem.setProperty("code", ErrorCode.DRIVER_NOT_FOUND.name());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
