package io.taxiride.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page, in place of Spring Boot's: a refusal made outside Spring MVC (a filter's {@code sendError}, an
 * exception that escaped the filters) is a problem with a code like every other. Its status is the error's; asked for
 * directly, with no error behind it, it is an unknown path.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatusCode status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatusCode.valueOf(code) : HttpStatus.NOT_FOUND;
        HttpStatus known = HttpStatus.resolve(status.value());
        String message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String text ? text : "";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, StringUtils.hasText(message) ? message : known != null ? known.getReasonPhrase() : "Refused");
        RequestProblems.completed(problem, status);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            problem.setInstance(URI.create(uri));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
