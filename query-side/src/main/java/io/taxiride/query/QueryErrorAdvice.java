package io.taxiride.query;

import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for what only the query side refuses (a bad parameter is the security module's
 * {@code RequestProblems}'s): 503 with {@code Retry-After} for a query that needs Axon Server while it cannot be
 * reached (a query with no handler in this process; this process's own view is read without it), or for a long poll
 * beyond the waits this process holds ({@link Waits}). Spring Security's {@code AccessDeniedException} is
 * deliberately not handled here: it reaches the security filter chain, which answers 403 FORBIDDEN
 * (CallViewControllerTest).
 */
@RestControllerAdvice(basePackageClasses = QueryErrorAdvice.class)
class QueryErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(QueryErrorAdvice.class);

    @ExceptionHandler({io.axoniq.axonserver.connector.AxonServerException.class,
            org.axonframework.axonserver.connector.AxonServerException.class, NoHandlerForQueryException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception exception) {
        log.debug("Query not answered, Axon Server unavailable: {}", exception.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The call-view cannot be reached now; ask again later");
        problem.setProperty("code", "AXON_SERVER_UNAVAILABLE");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                             .body(problem);
    }

    /** Nothing waits on the client's behalf: it may read the view now without {@code until}, or wait again soon. */
    @ExceptionHandler(TooManyWaitsException.class)
    ResponseEntity<ProblemDetail> tooManyWaits(TooManyWaitsException exception) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, exception.getMessage()
                        + "; read the view without until, or wait again after Retry-After");
        problem.setProperty("code", "TOO_MANY_WAITS");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                             .body(problem);
    }
}
