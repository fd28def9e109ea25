package io.taxiride.saga;

import static io.taxiride.api.call.CancelReason.NO_DRIVER;
import static io.taxiride.api.call.CancelReason.PASSENGER;
import static io.taxiride.api.call.CancelReason.PAYMENT_DECLINED;
import static io.taxiride.saga.RideScript.DISTANCE;
import static io.taxiride.saga.RideScript.FARE;

import io.taxiride.api.call.BeginRideCommand;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CompleteCallCommand;
import io.taxiride.api.drive.ReleaseDriveCommand;
import io.taxiride.api.drive.RequestDriveCommand;
import io.taxiride.api.payment.ChargeFareCommand;
import io.taxiride.api.payment.RefundFareCommand;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A command the saga sent that is not answered in time is sent again, and only that one. */
class TaxiRideSagaDeadlineTest {

    private SagaTestFixture<TaxiRideSaga> fixture;
    private RideScript ride;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(TaxiRideSaga.class);
        ride = new RideScript(fixture);
    }

    @Test
    void everyCommandSentWaitsForItsAnswerUnderADeadline() {
        ride.whenPlaced()
            .expectScheduledDeadlineWithName(RideScript.ANSWER_TIMEOUT, TaxiRideSaga.ANSWER_OVERDUE);
    }

    @Test
    void anUnansweredChargeIsSentAgainForTheSamePayment() {
        ride.placed();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(new ChargeFareCommand(ride.paymentId(), ride.callId(), FARE));
    }

    @Test
    void aCommandStillUnansweredIsSentAgainAtEveryTimeout() {
        ride.placed();
        ChargeFareCommand charge = new ChargeFareCommand(ride.paymentId(), ride.callId(), FARE);

        fixture.whenTimeElapses(RideScript.ANSWER_TIMEOUT.multipliedBy(3).plusSeconds(1))
               .expectDispatchedCommands(charge, charge, charge);
    }

    @Test
    void anUnansweredDriveRequestIsSentAgainForTheSameDrive() {
        ride.placed().paid();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(new RequestDriveCommand(ride.driveId(), ride.callId(), DISTANCE));
    }

    @Test
    void anUnansweredCancelAfterADeclineIsSentAgain() {
        ride.placed().declined();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(new CancelCallCommand(ride.callId(), PAYMENT_DECLINED));
    }

    @Test
    void unansweredCompensationsAreSentAgainUntilEachIsConfirmed() {
        ride.placed().paid().driverAssigned().cancelled(PASSENGER).refunded();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(new ReleaseDriveCommand(ride.driveId()))
            .expectActiveSagas(1);
    }

    @Test
    void aNoDriverCompensationRepeatsBothRefundAndCancel() {
        ride.placed().paid().noDriver();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(new RefundFareCommand(ride.paymentId()),
                                      new CancelCallCommand(ride.callId(), NO_DRIVER));
    }

    @Test
    void anUnansweredBeginOfTheRideIsSentAgainUntilTheCallHasIt() {
        ride.placed().paid().driverAssigned().driveStarted();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(new BeginRideCommand(ride.callId(), ride.driveId()));
    }

    @Test
    void anUnansweredCompletionIsSentAgain() {
        ride.placed().paid().driverAssigned().driveStarted().rideBegun().driveEnded();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(new CompleteCallCommand(ride.callId(), ride.driveId()));
    }

    @Test
    void nothingIsSentAgainOnceEveryAnswerHasArrived() {
        ride.placed().paid().driverAssigned();

        ride.whenNoAnswerArrivesInTime()
            .expectNoDispatchedCommands()
            .expectNoScheduledDeadlines()
            .expectActiveSagas(1);
    }

    @Test
    void aCompensatedRideLeavesNoDeadlineBehind() {
        ride.placed().paid().driverAssigned().cancelled(PASSENGER).refunded();

        ride.whenReleased()
            .expectActiveSagas(0)
            .expectNoScheduledDeadlines();
    }

    @Test
    void aCompletedRideLeavesNoDeadlineBehind() {
        ride.placed().paid().driverAssigned().driveStarted().rideBegun().driveEnded();

        ride.whenCompleted()
            .expectActiveSagas(0)
            .expectNoScheduledDeadlines();
    }
}
