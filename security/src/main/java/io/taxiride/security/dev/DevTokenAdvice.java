package io.taxiride.security.dev;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * A bad token request is answered like every bad request of the platform: 400 problem+json, code INVALID_REQUEST.
 * First in line: an advice for every controller would otherwise answer it without the code.
 */
@RestControllerAdvice(assignableTypes = DevTokenController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DevTokenAdvice extends ResponseEntityExceptionHandler {

    static final String INVALID_REQUEST = "INVALID_REQUEST";

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        // Spring passes no body for most of its own exceptions and takes their problem detail later: take it here.
        Object problemBody = body == null && exception instanceof ErrorResponse error ? error.getBody() : body;
        if (problemBody instanceof ProblemDetail problem && status.is4xxClientError()) {
            problem.setProperty("code", INVALID_REQUEST);
        }
        return super.handleExceptionInternal(exception, problemBody, headers, status, request);
    }
}
