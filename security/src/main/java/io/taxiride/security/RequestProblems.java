package io.taxiride.security;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * What Spring MVC itself refuses, before or around a controller, answered like every other refusal of the platform:
 * an RFC 9457 problem with a {@code code}, and for a bad body or parameter a detail that names it, so a client can
 * tell its mistake without reading the server's logs. 400 is {@code INVALID_REQUEST}; the other statuses Spring
 * answers (404 no such path, 405, 406, 415, …) take the status's name as their code.
 *
 * <p>One advice for every controller of every service, last in line: the sides' own advices answer their business
 * refusals first, and a request that reaches no controller (a method the path does not take) is answered here too.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class RequestProblems extends ResponseEntityExceptionHandler {

    public static final String INVALID_REQUEST = "INVALID_REQUEST";

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = exception.getBody();
        problem.setDetail("The request has invalid fields");
        problem.setProperty("errors", exception.getFieldErrors().stream().map(RequestProblems::fieldError).toList());
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        RequestBodyLimit.ContentTooLargeException tooLarge = causeOfType(exception,
                                                                       RequestBodyLimit.ContentTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                                                                     tooLarge.getMessage());
            return handleExceptionInternal(exception, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, "The body is not a JSON object of the expected shape: malformed JSON or a value of the "
                        + "wrong type");
        String field = exception.getCause() instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        if (!field.isEmpty()) {
            // Where Jackson stopped, "distance" for "ten", "pickup.lat" for an object where a number belongs, and what
            // belongs there where the type says it: a number, one of an enum's constants.
            Class<?> type = exception.getCause() instanceof MismatchedInputException mismatch
                    ? mismatch.getTargetType() : null;
            String message = expected(type).map(what -> "must be " + what).orElse("is not of the expected type");
            problem.setDetail("The body's " + field + " " + message);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        }
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    /** A query parameter, path variable or header out of its constraints ({@code size=0}, {@code waitSeconds=99}). */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, String>> errors = exception.getParameterValidationResults().stream()
                                                    .flatMap(result -> result.getResolvableErrors().stream()
                                                                             .map(error -> error(result, error)))
                                                    .toList();
        ProblemDetail problem = exception.getBody();
        problem.setDetail("The request has invalid parameters: " + errors.stream()
                .map(error -> error.getOrDefault("parameter", error.get("field")) + " " + error.get("message"))
                .collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    /** A parameter that is not of its type at all: {@code page=abc}, {@code until=FLYING}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException exception, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = exception.getPropertyName();
        String message = "must be " + expected(exception.getRequiredType()).orElse("of another form") + ", not '"
                + exception.getValue() + "'";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, name + " " + message);
        problem.setProperty("errors", List.of(Map.of("parameter", String.valueOf(name), "message", message)));
        return handleExceptionInternal(exception, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        // Spring passes no body for most of its own exceptions and takes their problem detail later: take it here.
        Object problemBody = body == null && exception instanceof ErrorResponse error ? error.getBody() : body;
        if (problemBody instanceof ProblemDetail problem) {
            completed(problem, status);
        }
        return super.handleExceptionInternal(exception, problemBody, headers, status, request);
    }

    /**
     * A problem made outside the platform's own code gets what every refusal of the platform carries: a code, and on
     * a 5xx {@code applied: unknown}, since such a failure may come before its handler ran or after it answered.
     */
    static ProblemDetail completed(ProblemDetail problem, HttpStatusCode status) {
        Map<String, Object> properties = problem.getProperties();
        if (properties == null || !properties.containsKey("code")) {
            problem.setProperty("code", codeOf(status));
        }
        if (status.is5xxServerError() && (properties == null || !properties.containsKey("applied"))) {
            problem.setProperty("applied", "unknown");
        }
        return problem;
    }

    static String codeOf(HttpStatusCode status) {
        if (status.value() == HttpStatus.BAD_REQUEST.value()) {
            return INVALID_REQUEST;
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.name() : "HTTP_" + status.value();
    }

    private static Map<String, String> error(ParameterValidationResult result, MessageSourceResolvable error) {
        String message = String.valueOf(error.getDefaultMessage());
        return error instanceof FieldError field
                ? fieldError(field)
                : Map.of("parameter", nameOf(result.getMethodParameter()), "message", message);
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    private static String pathOf(JsonMappingException exception) {
        return exception.getPath().stream()
                        .map(step -> step.getFieldName() != null ? step.getFieldName() : "[" + step.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The name the client sent it under, which the annotation may give apart from the Java parameter's name. */
    private static String nameOf(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        String named = query != null ? query.name() : path != null ? path.name() : header != null ? header.name() : "";
        if (!named.isEmpty()) {
            return named;
        }
        String javaName = parameter.getParameterName();
        return javaName != null ? javaName : "argument " + parameter.getParameterIndex();
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** What a value of this type is, in a client's words, where the type says it. */
    private static Optional<String> expected(Class<?> type) {
        if (type == null) {
            return Optional.empty();
        }
        if (type.isEnum()) {
            return Optional.of("one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                                                 .collect(Collectors.joining(", ")));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return Optional.of("a whole number within range");
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
            || Number.class.isAssignableFrom(type)) {
            return Optional.of("a number");
        }
        if (type == boolean.class || type == Boolean.class) {
            return Optional.of("true or false");
        }
        return Optional.empty();
    }
}
