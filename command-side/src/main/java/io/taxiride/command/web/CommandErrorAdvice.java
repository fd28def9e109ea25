package io.taxiride.command.web;

import io.taxiride.api.ErrorCode;
import io.taxiride.command.admission.OverloadedException;

import io.axoniq.axonserver.connector.AxonServerException;
import io.axoniq.axonserver.connector.ErrorCategory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.TimeoutException;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the command endpoints: the error code a refused command carries (a malformed or
 * invalid request is the security module's {@code RequestProblems}'s). Every 5xx says in {@code applied} whether the
 * command may have taken effect: {@code no} when it never reached a handler (send it again), {@code unknown} when it
 * may have (read the ride's state, or send {@code POST /calls} again with the same {@code Idempotency-Key}).
 *
 * <p>Spring Security's {@code AccessDeniedException} and {@code AuthenticationException} are deliberately not handled
 * here (nor is any {@code Exception} caught wholesale): they must reach the security filter chain, which answers them
 * 403 and 401 as problem details with {@code WWW-Authenticate}, as it answers every other request it refuses.
 */
@RestControllerAdvice(basePackages = "io.taxiride.command")
class CommandErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(CommandErrorAdvice.class);

    /** Seconds a client should wait before sending again; the connector tries to reconnect every 2 s. */
    static final String RETRY_AFTER_SECONDS = "5";
    static final String UNAVAILABLE_CODE = "AXON_SERVER_UNAVAILABLE";
    static final String FAILED_CODE = "COMMAND_FAILED";
    static final String NO_ANSWER_CODE = "NO_ANSWER";
    static final String OVERLOADED_CODE = "OVERLOADED";
    /** About the time a ride takes to find a driver who accepts at once: some permits are free again by then. */
    static final String OVERLOADED_RETRY_AFTER_SECONDS = "2";
    /** A view behind its events is milliseconds behind at the lag measured under load (docs/benchmarks.md). */
    static final String CATCHING_UP_RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> refused(CommandExecutionException exception) {
        ErrorCode code = exception.getDetails()
                                  .filter(ErrorCode.class::isInstance)
                                  .map(ErrorCode.class::cast)
                                  .orElse(null);
        if (code == null) {
            log.error("Command failed without an error code", exception);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "The command failed while it was handled and may have been applied: read the ride's state");
            problem.setProperty("code", FAILED_CODE);
            problem.setProperty("applied", "unknown");
            return ResponseEntity.internalServerError().body(problem);
        }
        log.debug("Command refused with {}: {}", code, exception.getMessage());
        if (code.kind() == ErrorCode.Kind.UNAVAILABLE) {
            return serviceUnavailable(exception.getMessage(), code.name(), "no", CATCHING_UP_RETRY_AFTER_SECONDS);
        }
        return problem(statusOf(code), exception.getMessage(), code);
    }

    /**
     * Axon Server could not be reached, or no instance of the command side is connected to it. The outage itself is
     * logged once by {@code AxonServerConnectionLog}, not here for every request.
     */
    @ExceptionHandler({AxonServerException.class, CommandDispatchException.class, NoHandlerForCommandException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception exception) {
        boolean neverDelivered = neverDelivered(exception);
        log.debug("Command not handled, Axon Server unavailable (applied: {}): {}",
                  neverDelivered ? "no" : "unknown", exception.toString());
        return serviceUnavailable(neverDelivered
                        ? "Axon Server cannot be reached: the command was not applied; send it again later"
                        : "The connection to Axon Server failed while the command was under way: it may have been "
                                + "applied; read the ride's state before sending it again",
                UNAVAILABLE_CODE, neverDelivered ? "no" : "unknown", RETRY_AFTER_SECONDS);
    }

    /** No answer within {@code taxiride.command.answer-within}: the command may still be applied. */
    @ExceptionHandler(TimeoutException.class)
    ResponseEntity<ProblemDetail> unanswered(TimeoutException exception) {
        log.debug("Command not answered in time");
        return serviceUnavailable("The command was not answered in time and may still be applied: read the ride's "
                                          + "state before sending it again",
                                  NO_ANSWER_CODE, "unknown", RETRY_AFTER_SECONDS);
    }

    /**
     * The platform takes no new ride now (POST /calls only): nothing was sent. Not logged, since a spike brings many;
     * counted in the metric {@code taxiride.admission.refused}.
     */
    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(OverloadedException exception) {
        return serviceUnavailable("The platform is taking no new rides at the moment (" + exception.ridesInDispatch()
                                          + " are finding their driver): the call was not placed; send it again after "
                                          + "Retry-After seconds",
                                  OVERLOADED_CODE, "no", OVERLOADED_RETRY_AFTER_SECONDS);
    }

    /**
     * Whether the command certainly never reached a handler: no handler was connected, or the connector had no
     * channel to Axon Server (gRPC's UNAVAILABLE before the call started). A channel that broke while the command was
     * under way may have delivered it.
     */
    static boolean neverDelivered(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NoHandlerForCommandException) {
                return true;
            }
            if (cause instanceof AxonServerException serverException
                    && serverException.getErrorCategory() == ErrorCategory.NO_HANDLER_FOR_COMMAND) {
                return true;
            }
            if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE
                    && startedWithoutChannel(grpc)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startedWithoutChannel(StatusRuntimeException grpc) {
        for (StackTraceElement frame : grpc.getStackTrace()) {
            if (frame.getClassName().endsWith("AxonServerManagedChannel$FailingCall")) {
                return true;
            }
        }
        return false;
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

    static HttpStatus statusOf(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** A 503 that says whether the command may have been applied and when to send it again. */
    private static ResponseEntity<ProblemDetail> serviceUnavailable(String detail, String code, String applied,
                                                                    String retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setProperty("code", code);
        problem.setProperty("applied", applied);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                             .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                             .body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, ErrorCode code) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (code != null) {
            problem.setProperty("code", code.name());
        }
        return ResponseEntity.status(status).body(problem);
    }
}
