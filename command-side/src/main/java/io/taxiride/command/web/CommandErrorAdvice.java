package io.taxiride.command.web;

import io.taxiride.api.ErrorCode;

import java.util.Map;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for the command endpoints: Spring's own handling for malformed or invalid requests, and
 * the error code a refused command carries for the rest.
 */
@RestControllerAdvice(basePackages = "io.taxiride.command")
class CommandErrorAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandErrorAdvice.class);

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> refused(CommandExecutionException exception) {
        ErrorCode code = exception.getDetails()
                                  .filter(ErrorCode.class::isInstance)
                                  .map(ErrorCode.class::cast)
                                  .orElse(null);
        if (code == null) {
            log.error("Command failed without an error code", exception);
            return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The command could not be handled", null);
        }
        return problem(statusOf(code), exception.getMessage(), code);
    }

    /**
     * A command that lost the race for its aggregate on every retry of the gateway (other commands kept changing
     * it): nothing was changed by this one, and the client may send it again.
     */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> raced(ConcurrencyException exception) {
        log.warn("Command lost the race for its aggregate on every retry: {}", exception.getMessage());
        return problem(HttpStatus.CONFLICT, "The ride changed at the same moment; send the request again",
                       ErrorCode.CONCURRENT_CHANGE);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = exception.getBody();
        problem.setDetail("The request has invalid fields");
        problem.setProperty("code", ErrorCode.INVALID_REQUEST.name());
        problem.setProperty("errors", exception.getFieldErrors().stream()
                                               .map(error -> Map.of("field", error.getField(),
                                                                    "message", String.valueOf(error.getDefaultMessage())))
                                               .toList());
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, "The body is not a JSON object of the expected shape: malformed JSON or a value of the wrong type");
        problem.setProperty("code", ErrorCode.INVALID_REQUEST.name());
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    static HttpStatus statusOf(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, ErrorCode code) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (code != null) {
            problem.setProperty("code", code.name());
        }
        return ResponseEntity.status(status).body(problem);
    }
}
