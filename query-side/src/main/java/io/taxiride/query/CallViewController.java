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

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/callViews")
class CallViewController {

    private final QueryGateway queries;
    private final LongPoll longPoll = new LongPoll("call-view-read-");

    CallViewController(QueryGateway queries) {
        this.queries = queries;
    }

    @PreDestroy
    void stop() {
        longPoll.close();
    }

    @GetMapping("/{callId}")
    CompletableFuture<CallView> one(@PathVariable String callId) {
        return find(callId).thenApply(view -> view.orElseThrow(() -> notFound(callId)));
    }

    /**
     * Long polling ({@link LongPoll}): answers as soon as the ride has reached {@code until} (that status or a later
     * one in the lifecycle, or an end state: COMPLETED or CANCELLED), or after {@code waitSeconds} with the view as it
     * is then; 404 only if the call is still unknown at the end.
     */
    @GetMapping(path = "/{callId}", params = "until")
    CompletableFuture<CallView> awaitStatus(@PathVariable String callId, @RequestParam CallStatus until,
                                            @RequestParam(defaultValue = "10") @Min(1) @Max(LongPoll.MAX_WAIT_SECONDS)
                                            int waitSeconds) {
        return longPoll.await(LongPoll.subscribe(queries, new FindCallViewQuery(callId), CallView.class),
                              () -> find(callId), view -> hasReached(view.status(), until), waitSeconds,
                              () -> notFound(callId));
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
