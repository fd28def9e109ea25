package io.taxiride.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.StartDriveCommand;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.GoOfflineCommand;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.api.payment.RefundFareCommand;

import java.time.Instant;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorCodeInterceptorTest {

    private final ErrorCodeInterceptor interceptor = new ErrorCodeInterceptor();
    private DefaultUnitOfWork<CommandMessage<Object>> unitOfWork;

    @AfterEach
    void tearDown() {
        if (unitOfWork != null && unitOfWork.isActive()) {
            unitOfWork.rollback();
        }
    }

    private Object handle(Object command, InterceptorChain chain) throws Exception {
        unitOfWork = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(command));
        return interceptor.handle(unitOfWork, chain);
    }

    private static InterceptorChain failingWith(Exception exception) {
        return () -> {
            throw exception;
        };
    }

    @Test
    void refusalTravelsAsItsErrorCodeInTheExceptionDetails() {
        CancelCallCommand command = new CancelCallCommand(new CallId("c-1"), CancelReason.PASSENGER);

        assertThatThrownBy(() -> handle(command, failingWith(
                new CommandRefusedException(ErrorCode.CALL_NOT_CANCELLABLE, "Call c-1 is already completed"))))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> {
                    assertThat(e.getDetails()).contains(ErrorCode.CALL_NOT_CANCELLABLE);
                    assertThat(e).hasMessage("Call c-1 is already completed");
                });
    }

    @Test
    void unknownCallIsReportedAsCallNotFound() {
        CancelCallCommand command = new CancelCallCommand(new CallId("c-1"), CancelReason.PASSENGER);

        assertThatThrownBy(() -> handle(command, failingWith(new AggregateNotFoundException("c-1", "not found"))))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> {
                    assertThat(e.getDetails()).contains(ErrorCode.CALL_NOT_FOUND);
                    assertThat(e).hasMessage("No call with id c-1");
                });
    }

    @Test
    void unknownDriveIsReportedAsDriveNotFound() {
        StartDriveCommand command = new StartDriveCommand(new DriveId("d-1"));

        assertThatThrownBy(() -> handle(command, failingWith(new AggregateNotFoundException("d-1", "not found"))))
                .isInstanceOfSatisfying(CommandExecutionException.class,
                                        e -> assertThat(e.getDetails()).contains(ErrorCode.DRIVE_NOT_FOUND));
    }

    @Test
    void unknownPaymentIsReportedAsPaymentNotFound() {
        RefundFareCommand command = new RefundFareCommand(new PaymentId("p-1"));

        assertThatThrownBy(() -> handle(command, failingWith(new AggregateNotFoundException("p-1", "not found"))))
                .isInstanceOfSatisfying(CommandExecutionException.class,
                                        e -> assertThat(e.getDetails()).contains(ErrorCode.PAYMENT_NOT_FOUND));
    }

    @Test
    void unknownDriverIsReportedAsDriverNotFound() {
        GoOfflineCommand command = new GoOfflineCommand(new DriverId("d-1"));

        assertThatThrownBy(() -> handle(command, failingWith(new AggregateNotFoundException("d-1", "not found"))))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> {
                    assertThat(e.getDetails()).contains(ErrorCode.DRIVER_NOT_FOUND);
                    assertThat(e).hasMessage("No driver with id d-1");
                });
    }

    /** A driver's answer goes to the call: the call is what is missing. */
    @Test
    void anAnswerToAnUnknownCallIsReportedAsCallNotFound() {
        AcceptOfferCommand command = new AcceptOfferCommand(new CallId("c-1"), new DriverId("d-1"), Instant.EPOCH);

        assertThatThrownBy(() -> handle(command, failingWith(new AggregateNotFoundException("c-1", "not found"))))
                .isInstanceOfSatisfying(CommandExecutionException.class,
                                        e -> assertThat(e.getDetails()).contains(ErrorCode.CALL_NOT_FOUND));
    }

    @Test
    void otherFailuresPassThroughUntouched() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> handle(new StartDriveCommand(new DriveId("d-1")), failingWith(failure)))
                .isSameAs(failure);
    }

    @Test
    void successfulResultIsReturned() throws Exception {
        assertThat(handle(new StartDriveCommand(new DriveId("d-1")), () -> "done")).isEqualTo("done");
    }
}
