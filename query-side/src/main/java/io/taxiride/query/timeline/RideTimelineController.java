package io.taxiride.query.timeline;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.view.FindRideTimelineQuery;
import io.taxiride.api.view.RideTimeline;

import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Who did each step of a ride, for operators (the role rule of {@code /admin/**}). */
@RestController
class RideTimelineController {

    private final QueryGateway queries;

    RideTimelineController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/admin/rides/{callId}/timeline")
    CompletableFuture<RideTimeline> timeline(@PathVariable String callId) {
        return queries.query(new FindRideTimelineQuery(callId), ResponseTypes.optionalInstanceOf(RideTimeline.class))
                      .thenApply(timeline -> timeline.orElseThrow(() -> notFound(callId)));
    }

    private static ErrorResponseException notFound(String callId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                                                               ErrorCode.CALL_NOT_FOUND.unknownId(callId));
        problem.setProperty("code", ErrorCode.CALL_NOT_FOUND.name());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
