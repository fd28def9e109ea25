package io.taxiride.query.driver;

import static io.taxiride.api.ErrorCode.DRIVER_NOT_FOUND;
import static io.taxiride.query.UnknownIds.notFound;

import io.taxiride.api.ErrorCode;
import io.taxiride.query.LongPoll;
import io.taxiride.query.Waits;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.DriverView;
import io.taxiride.api.view.DriverViewPage;
import io.taxiride.api.view.FindDriverQuery;
import io.taxiride.api.view.FindDriversQuery;
import io.taxiride.security.Actor;
import io.taxiride.security.Role;

import jakarta.annotation.PreDestroy;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Drivers as the driver-view shows them: for the driver's app (their offer), and for an operator's look at who is
 * around. A driver sees only themselves: any other driver answers exactly as an unknown one (404 DRIVER_NOT_FOUND).
 */
@RestController
@RequestMapping("/drivers")
class DriverViewController {

    private final QueryGateway queries;
    private final LongPoll longPoll;

    DriverViewController(QueryGateway queries, Waits waits) {
        this.queries = queries;
        this.longPoll = new LongPoll("driver-view-read-", waits);
    }

    @PreDestroy
    void stop() {
        longPoll.close();
    }

    @GetMapping("/{driverId}")
    CompletableFuture<DriverView> one(@PathVariable String driverId, Actor actor) {
        return find(driverId, actor).thenApply(view -> view.orElseThrow(() -> notFound(DRIVER_NOT_FOUND, driverId)));
    }

    /**
     * Long polling ({@link LongPoll}): answers as soon as the driver's status is {@code until} (their app waiting for
     * an offer: {@code until=OFFERED}), or after {@code waitSeconds} with the view as it is then; 404 only if the
     * driver is still unknown at the end. Another driver is never shown, so waiting on them is waiting on nobody.
     */
    @GetMapping(path = "/{driverId}", params = "until")
    CompletableFuture<DriverView> awaitStatus(@PathVariable String driverId, @RequestParam DriverStatus until,
                                              @RequestParam(defaultValue = "10") @Min(1)
                                              @Max(LongPoll.MAX_WAIT_SECONDS) int waitSeconds, Actor actor) {
        return longPoll.await(LongPoll.subscribe(queries, new FindDriverQuery(driverId), DriverView.class),
                              () -> find(driverId, actor), view -> maySee(actor, view) && view.status() == until,
                              waitSeconds, () -> notFound(DRIVER_NOT_FOUND, driverId));
    }

    /**
     * The driver's states as they change, as server-sent events ({@code driver-view}, the view as JSON), from the
     * state they are in now: the app shows an offer the moment it is made, and its expiry, without a long poll per
     * step. A driver never ends, so the stream ends after {@link LongPoll#MAX_STREAM} and the app opens it again.
     * Another driver is never shown, and ends the stream after {@code waitSeconds} as an unknown one does (one
     * {@code not-found} event).
     */
    @GetMapping(path = "/{driverId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String driverId,
                      @RequestParam(defaultValue = "10") @Min(1) @Max(LongPoll.MAX_WAIT_SECONDS) int waitSeconds,
                      Actor actor) {
        return longPoll.stream("driver-view",
                               LongPoll.subscribe(queries, new FindDriverQuery(driverId), DriverView.class),
                               () -> find(driverId, actor), view -> maySee(actor, view), view -> false, waitSeconds,
                               () -> notFound(DRIVER_NOT_FOUND, driverId).getBody());
    }

    /**
     * Drivers, of one status if given. With {@code near=lat,lon}: those within radiusKm of it, nearest first;
     * without: by driver id. Operators only, by the role rules of the security filter chain.
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

    private CompletableFuture<Optional<DriverView>> find(String driverId, Actor actor) {
        return queries.query(new FindDriverQuery(driverId), ResponseTypes.optionalInstanceOf(DriverView.class))
                      .thenApply(view -> view.filter(shown -> maySee(actor, shown)));
    }

    /** An operator sees every driver, a driver themselves. */
    static boolean maySee(Actor actor, DriverView view) {
        return actor.is(Role.OPERATOR) || actor.is(Role.DRIVER) && actor.id().equals(view.driverId());
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
}
