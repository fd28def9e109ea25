package io.taxiride.query.timeline;

import static io.taxiride.api.ErrorCode.CALL_NOT_FOUND;
import static io.taxiride.query.UnknownIds.notFound;

import io.taxiride.api.view.FindRideTimelineQuery;
import io.taxiride.api.view.RideTimeline;

import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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
                      .thenApply(timeline -> timeline.orElseThrow(() -> notFound(CALL_NOT_FOUND, callId)));
    }
}
