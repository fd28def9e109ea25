package io.taxiride.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.ErrorCode;

import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class CommandErrorAdviceTest {

    private final CommandErrorAdvice advice = new CommandErrorAdvice();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "INVALID_REQUEST, BAD_REQUEST",
            "CALL_NOT_FOUND, NOT_FOUND",
            "DRIVE_NOT_FOUND, NOT_FOUND",
            "PAYMENT_NOT_FOUND, NOT_FOUND",
            "DRIVER_NOT_FOUND, NOT_FOUND",
            "OFFER_NOT_FOUND, NOT_FOUND",
            "CALL_NOT_CANCELLABLE, CONFLICT",
            "DRIVE_WRONG_STATE, CONFLICT",
            "PAYMENT_NOT_REFUNDABLE, CONFLICT",
            "DUPLICATE_ID, CONFLICT",
            "DRIVER_ON_RIDE, CONFLICT",
            "DRIVER_NOT_AVAILABLE, CONFLICT",
            "ALREADY_DISPATCHED, CONFLICT",
            "OFFER_EXPIRED, CONFLICT",
            "CALL_NOT_OPEN, CONFLICT",
            "IDEMPOTENCY_KEY_REUSED, CONFLICT",
            "CONCURRENT_CHANGE, CONFLICT",
            "DRIVER_VIEW_BEHIND, SERVICE_UNAVAILABLE"})
    void everyErrorCodeMapsToTheStatusOfItsKind(ErrorCode code, HttpStatus status) {
        assertThat(CommandErrorAdvice.statusOf(code)).isEqualTo(status);
    }

    @Test
    void refusalBecomesAProblemCarryingItsCode() {
        ResponseEntity<ProblemDetail> response = advice.refused(
                new CommandExecutionException("Call c-1 is already completed", null, ErrorCode.CALL_NOT_CANCELLABLE));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(response.getBody().getDetail()).isEqualTo("Call c-1 is already completed");
        assertThat(response.getBody().getProperties()).containsEntry("code", "CALL_NOT_CANCELLABLE");
    }

    /** Nothing was changed and the same request may pass a moment later: a 503 that says so, with when to retry. */
    @Test
    void aViewBehindIsAServiceUnavailableThatWasNotApplied() {
        ResponseEntity<ProblemDetail> response = advice.refused(
                new CommandExecutionException("Driver d-1 is registered, but ...", null, ErrorCode.DRIVER_VIEW_BEHIND));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(response.getBody().getProperties()).containsEntry("code", "DRIVER_VIEW_BEHIND")
                                                     .containsEntry("applied", "no");
    }

    @Test
    void failureWithoutAnErrorCodeIsAServerErrorThatHidesItsMessage() {
        ResponseEntity<ProblemDetail> response = advice.refused(
                new CommandExecutionException("NullPointerException in Call", null));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(response.getBody().getDetail()).doesNotContain("NullPointerException");
        assertThat(response.getBody().getProperties()).containsEntry("code", "COMMAND_FAILED")
                                                     .containsEntry("applied", "unknown");
    }
}
