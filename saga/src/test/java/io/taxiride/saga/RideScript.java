package io.taxiride.saga;

import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveNotAvailableEvent;
import io.taxiride.api.drive.DriveReleasedEvent;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.drive.RequestDriveCommand;
import io.taxiride.api.payment.ChargeFareCommand;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.FareRefundedEvent;
import io.taxiride.api.payment.PaymentDeclinedEvent;
import io.taxiride.api.payment.PaymentId;

import java.math.BigDecimal;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.test.saga.FixtureExecutionResult;
import org.axonframework.test.saga.SagaTestFixture;

import java.time.Duration;

/**
 * Plays the events of one ride into a {@link SagaTestFixture}, each from the aggregate that applies it. The saga
 * generates the payment and drive ids, so the script learns them from the commands it dispatches, and later events
 * can answer those commands. Given steps chain ({@code ride.placed().paid()}); {@code when...} steps return the
 * fixture's result.
 */
final class RideScript {

    static final BigDecimal DISTANCE = new BigDecimal("12.5");
    static final long FARE = 17300;
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final SagaTestFixture<TaxiRideSaga> fixture;
    private final CallId callId = CallId.create();
    private PaymentId paymentId;
    private DriveId driveId;

    RideScript(SagaTestFixture<TaxiRideSaga> fixture) {
        this.fixture = fixture;
        fixture.registerResource(new AnswerTimeout(ANSWER_TIMEOUT));
    }

    CallId callId() {
        return callId;
    }

    PaymentId paymentId() {
        return paymentId;
    }

    DriveId driveId() {
        return driveId;
    }

    RideScript placed() {
        return given(callId.value(), placedEvent());
    }

    FixtureExecutionResult whenPlaced() {
        return when(callId.value(), placedEvent());
    }

    RideScript paid() {
        return given(paymentId.value(), new FarePaidEvent(paymentId, callId, FARE));
    }

    FixtureExecutionResult whenPaid() {
        return when(paymentId.value(), new FarePaidEvent(paymentId, callId, FARE));
    }

    RideScript declined() {
        return given(paymentId.value(), declinedEvent());
    }

    FixtureExecutionResult whenDeclined() {
        return when(paymentId.value(), declinedEvent());
    }

    RideScript refunded() {
        return given(paymentId.value(), new FareRefundedEvent(paymentId, callId, FARE));
    }

    FixtureExecutionResult whenRefunded() {
        return when(paymentId.value(), new FareRefundedEvent(paymentId, callId, FARE));
    }

    RideScript driverAssigned() {
        return given(driveId.value(), assignedEvent());
    }

    FixtureExecutionResult whenDriverAssigned() {
        return when(driveId.value(), assignedEvent());
    }

    RideScript noDriver() {
        return given(driveId.value(), new DriveNotAvailableEvent(driveId, callId, "no driver is free"));
    }

    FixtureExecutionResult whenNoDriver() {
        return when(driveId.value(), new DriveNotAvailableEvent(driveId, callId, "no driver is free"));
    }

    RideScript driveStarted() {
        return given(driveId.value(), new DriveStartedEvent(driveId, callId));
    }

    FixtureExecutionResult whenDriveStarted() {
        return when(driveId.value(), new DriveStartedEvent(driveId, callId));
    }

    RideScript driveEnded() {
        return given(driveId.value(), new DriveEndedEvent(driveId, callId));
    }

    FixtureExecutionResult whenDriveEnded() {
        return when(driveId.value(), new DriveEndedEvent(driveId, callId));
    }

    RideScript released() {
        return given(driveId.value(), new DriveReleasedEvent(driveId, callId));
    }

    FixtureExecutionResult whenReleased() {
        return when(driveId.value(), new DriveReleasedEvent(driveId, callId));
    }

    RideScript cancelled(CancelReason reason) {
        return given(callId.value(), new CallCancelledEvent(callId, reason));
    }

    FixtureExecutionResult whenCancelled(CancelReason reason) {
        return when(callId.value(), new CallCancelledEvent(callId, reason));
    }

    RideScript rideBegun() {
        return given(callId.value(), new RideBegunEvent(callId, driveId));
    }

    /** Lets the answer timeout pass without any answer arriving. */
    FixtureExecutionResult whenNoAnswerArrivesInTime() {
        return fixture.whenTimeElapses(ANSWER_TIMEOUT.plusSeconds(1));
    }

    FixtureExecutionResult whenCompleted() {
        return when(callId.value(), new CallCompletedEvent(callId, driveId));
    }

    private CallPlacedEvent placedEvent() {
        return new CallPlacedEvent(callId, "u-1", "Kim Seoyeon", DISTANCE, "Gangnam Station", "Jamsil", FARE);
    }

    private PaymentDeclinedEvent declinedEvent() {
        return new PaymentDeclinedEvent(paymentId, callId, FARE, "card blocked");
    }

    private DriveAssignedEvent assignedEvent() {
        return new DriveAssignedEvent(driveId, callId, "Lee Minho", "12-3456");
    }

    private RideScript given(String aggregateId, Object event) {
        fixture.givenAggregate(aggregateId).published(event);
        learnGeneratedIds();
        return this;
    }

    private FixtureExecutionResult when(String aggregateId, Object event) {
        FixtureExecutionResult result = fixture.whenAggregate(aggregateId).publishes(event);
        learnGeneratedIds();
        return result;
    }

    private void learnGeneratedIds() {
        for (CommandMessage<?> command : fixture.getCommandBus().getDispatchedCommands()) {
            if (command.getPayload() instanceof ChargeFareCommand charge) {
                paymentId = charge.paymentId();
            } else if (command.getPayload() instanceof RequestDriveCommand request) {
                driveId = request.driveId();
            }
        }
    }
}
