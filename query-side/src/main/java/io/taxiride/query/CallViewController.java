package io.taxiride.query;

import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.api.view.FindCallViewQuery;
import io.taxiride.api.view.FindCallViewsQuery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

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

    CallViewController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{callId}")
    CompletableFuture<CallView> one(@PathVariable String callId) {
        return queries.query(new FindCallViewQuery(callId), ResponseTypes.optionalInstanceOf(CallView.class))
                      .thenApply(view -> view.orElseThrow(() -> notFound(callId)));
    }

    @GetMapping
    CompletableFuture<CallViewPage> page(@RequestParam(required = false) @Size(max = 64) String userId,
                                         @RequestParam(required = false) CallStatus status,
                                         @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                         @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return queries.query(new FindCallViewsQuery(userId, status, page, size), CallViewPage.class);
    }

    private static ErrorResponseException notFound(String callId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No call with id " + callId);
        problem.setProperty("code", "CALL_NOT_FOUND");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
