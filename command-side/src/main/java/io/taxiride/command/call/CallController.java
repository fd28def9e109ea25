package io.taxiride.command.call;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.PlaceCallCommand;
import io.taxiride.command.admission.CallAdmission;
import io.taxiride.command.web.PositionRequest;
import io.taxiride.security.Actor;
import io.taxiride.security.Role;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import jakarta.validation.Valid;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/calls")
class CallController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 255;

    private final CommandGateway commands;
    private final CallAdmission admission;
    /**
     * The longest a request waits for its command's answer: the connector fails a command at once when it has no
     * connection, but one that Axon Server accepted and then lost (a network partition, a handler that never returns)
     * would hold the request until the gRPC keep-alive or Axon Server's own command timeout gave up.
     */
    private final Duration answerWithin;

    CallController(CommandGateway commands, CallAdmission admission,
                   @Value("${taxiride.command.answer-within:10s}") Duration answerWithin) {
        this.commands = commands;
        this.admission = admission;
        this.answerWithin = answerWithin;
    }

    /**
     * The passenger is the token's subject; a body that names another user is refused (403), as it asks to act for
     * someone else. With an {@code Idempotency-Key} the call's id follows from the passenger and the key, so a request
     * sent again (after a timeout or a 5xx) finds the call it placed the first time and gets the same answer, and no
     * passenger's key can name another's call; the event store's uniqueness of an aggregate's first event keeps two
     * such requests from placing two calls, whichever instance handles them. Without a key every request places a
     * new call.
     *
     * <p>A valid request is admitted last, just before the command is sent: when the platform takes no new ride now
     * it is answered 503 OVERLOADED at once and nothing is sent.
     */
    @ApiResponse(responseCode = "201", description = "Placed: Location is the call's view")
    @PostMapping
    CompletableFuture<ResponseEntity<CallPlaced>> place(@Valid @RequestBody PlaceCallRequest request,
                                                        @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                                                        String idempotencyKey,
                                                        Actor passenger) {
        String userId = passenger.id();
        if (request.userId() != null && !request.userId().equals(userId)) {
            throw new AccessDeniedException("A passenger places calls for themselves only");
        }
        CallId callId = idempotencyKey == null ? CallId.create()
                : CallId.forIdempotencyKey(userId, requireValid(idempotencyKey));
        PlaceCallCommand command = new PlaceCallCommand(callId, userId, request.userName(),
                                                        request.distance(), request.origin(), request.destination(),
                                                        PositionRequest.toPosition(request.pickup()),
                                                        PositionRequest.toPosition(request.dropoff()));
        CallAdmission.Admission admitted = admission.admit(callId);
        CompletableFuture<Object> placed;
        try {
            placed = commands.send(command);
        } catch (RuntimeException notSent) {
            admitted.answered(false);
            throw notSent;
        }
        return placed.orTimeout(answerWithin.toMillis(), TimeUnit.MILLISECONDS)
                     .whenComplete((result, failure) -> admitted.answered(Boolean.TRUE.equals(result)))
                     .thenApply(ignored -> ResponseEntity.created(URI.create("/callViews/" + callId))
                                                         .body(new CallPlaced(callId.value())));
    }

    /**
     * Whose call it is, the call decides: another passenger's is answered as an unknown one (404). An operator cancels
     * any call, with the reason OPERATOR.
     */
    @ApiResponse(responseCode = "202", description = "Accepted: the ride is cancelled and its money refunded")
    @PostMapping("/{callId}/cancel")
    CompletableFuture<ResponseEntity<Void>> cancel(@PathVariable String callId, Actor actor) {
        CancelReason reason = actor.is(Role.OPERATOR) ? CancelReason.OPERATOR : CancelReason.PASSENGER;
        return commands.send(new CancelCallCommand(new CallId(callId), reason))
                       .orTimeout(answerWithin.toMillis(), TimeUnit.MILLISECONDS)
                       .thenApply(ignored -> ResponseEntity.accepted().build());
    }

    private static String requireValid(String idempotencyKey) {
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, IDEMPOTENCY_KEY + " must be 1 to " + MAX_KEY_LENGTH + " characters");
            problem.setProperty("code", ErrorCode.INVALID_REQUEST.name());
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        return idempotencyKey;
    }

    record CallPlaced(String callId) {
    }
}
