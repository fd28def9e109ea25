package io.taxiride.query;

import static io.taxiride.api.ErrorCode.CALL_NOT_FOUND;
import static io.taxiride.query.UnknownIds.notFound;

import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.FindCallViewsQuery;
import io.taxiride.security.Actor;

import jakarta.annotation.PreDestroy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Rides as the call-view shows them, to those they belong to: a passenger their own, a driver the rides assigned to
 * them, an operator every ride. A ride the actor may not see answers exactly as an unknown one (404 CALL_NOT_FOUND),
 * so nobody learns whether another's ride exists.
 */
@RestController
@RequestMapping("/callViews")
class CallViewController {

    private final QueryGateway queries;
    private final LongPoll longPoll;

    CallViewController(QueryGateway queries, Waits waits) {
        this.queries = queries;
        this.longPoll = new LongPoll("call-view-read-", waits);
    }

    @PreDestroy
    void stop() {
        longPoll.close();
    }

    @GetMapping("/{callId}")
    CompletableFuture<CallView> one(@PathVariable String callId, Actor actor) {
        return find(callId, actor).thenApply(view -> view.orElseThrow(() -> notFound(CALL_NOT_FOUND, callId)));
    }

    /**
     * Long polling ({@link LongPoll}): answers as soon as the ride has reached {@code until} (that status or a later
     * one in the lifecycle, or an end state: COMPLETED or CANCELLED), or after {@code waitSeconds} with the view as it
     * is then; 404 only if the call is still unknown at the end. A view the actor may not see is no view at all,
     * whether it comes from the subscription or a re-read: another's ride is waited on and refused as an unknown one.
     */
    @GetMapping(path = "/{callId}", params = "until")
    CompletableFuture<CallView> awaitStatus(@PathVariable String callId, @RequestParam CallStatus until,
                                            @RequestParam(defaultValue = "10") @Min(1) @Max(LongPoll.MAX_WAIT_SECONDS)
                                            int waitSeconds, Actor actor) {
        return longPoll.await(LongPoll.subscribe(queries, new FindCallViewQuery(callId), CallView.class),
                              () -> find(callId, actor),
                              view -> maySee(actor, view) && hasReached(view.status(), until), waitSeconds,
                              () -> notFound(CALL_NOT_FOUND, callId));
    }

    /**
     * The ride's states as they change, as server-sent events ({@code call-view}, the view as JSON), from the state it
     * is in now until it has ended (COMPLETED or CANCELLED): an app follows its ride in one request instead of a long
     * poll per step. A ride the actor may not see is never shown, and ends the stream after {@code waitSeconds} as an
     * unknown one does (one {@code not-found} event).
     */
    @GetMapping(path = "/{callId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String callId,
                      @RequestParam(defaultValue = "10") @Min(1) @Max(LongPoll.MAX_WAIT_SECONDS) int waitSeconds,
                      Actor actor) {
        return longPoll.stream("call-view", LongPoll.subscribe(queries, new FindCallViewQuery(callId), CallView.class),
                               () -> find(callId, actor), view -> maySee(actor, view),
                               view -> view.status() == CallStatus.COMPLETED || view.status() == CallStatus.CANCELLED,
                               waitSeconds,
                               () -> notFound(CALL_NOT_FOUND, callId).getBody());
    }

    /**
     * A passenger lists their own rides ({@code userId} may be left out, and naming another user is refused); an
     * operator anyone's, or every ride without {@code userId}; a driver none.
     */
    @GetMapping
    CompletableFuture<CallViewPage> page(@RequestParam(required = false) @Size(max = 64) String userId,
                                         @RequestParam(required = false) CallStatus status,
                                         @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                         @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
                                         Actor actor) {
        return queries.query(new FindCallViewsQuery(listedUser(actor, userId), status, page, size),
                             CallViewPage.class);
    }

    private static String listedUser(Actor actor, String userId) {
        return switch (actor.role()) {
            case OPERATOR -> userId;
            case PASSENGER -> {
                if (userId != null && !userId.equals(actor.id())) {
                    throw new AccessDeniedException("A passenger lists only their own rides");
                }
                yield actor.id();
            }
            default -> throw new AccessDeniedException("Only passengers and operators list rides");
        };
    }

    private CompletableFuture<Optional<CallView>> find(String callId, Actor actor) {
        return queries.query(new FindCallViewQuery(callId), ResponseTypes.optionalInstanceOf(CallView.class))
                      .thenApply(view -> view.filter(shown -> maySee(actor, shown)));
    }

    /** A passenger sees their own rides, a driver those assigned to them, an operator every ride. */
    static boolean maySee(Actor actor, CallView view) {
        return switch (actor.role()) {
            case OPERATOR -> true;
            case PASSENGER -> actor.id().equals(view.userId());
            case DRIVER -> actor.id().equals(view.driverId());
            default -> false;
        };
    }

    /** A ride moves PLACED → PAID → DRIVER_ASSIGNED → IN_PROGRESS → COMPLETED, or to CANCELLED from any of them. */
    static boolean hasReached(CallStatus status, CallStatus until) {
        if (status == until || status == CallStatus.COMPLETED || status == CallStatus.CANCELLED) {
            return true;
        }
        return until != CallStatus.CANCELLED && status.ordinal() > until.ordinal();
    }
}
