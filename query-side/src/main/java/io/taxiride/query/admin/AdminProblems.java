package io.taxiride.query.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The refusals of the admin endpoints: RFC 9457 problems with the platform's {@code code}. */
public final class AdminProblems {

    private AdminProblems() {
    }

    public static ErrorResponseException problem(HttpStatus status, String detail, String code) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return new ErrorResponseException(status, problem, null);
    }

    public static ErrorResponseException processorNotFound(String name) {
        return problem(HttpStatus.NOT_FOUND, "No event processor named " + name, "PROCESSOR_NOT_FOUND");
    }
}
