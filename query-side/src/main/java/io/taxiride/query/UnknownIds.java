package io.taxiride.query;

import io.taxiride.api.ErrorCode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The query side's answer for an id its views do not show (or show to someone else): 404 with the id's code. */
public final class UnknownIds {

    private UnknownIds() {
    }

    /** {@code code} names what kind of id it is: {@code CALL_NOT_FOUND}, {@code DRIVER_NOT_FOUND}, … */
    public static ErrorResponseException notFound(ErrorCode code, String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, code.unknownId(id));
        problem.setProperty("code", code.name());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
