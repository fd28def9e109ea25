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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaxiRideSagaTest {

    private SagaTestFixture<TaxiRideSaga> fixture;
    private RideScript ride;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(TaxiRideSaga.class);
        ride = new RideScript(fixture);
    }

    private RefundFareCommand refund() {
        return new RefundFareCommand(ride.paymentId());
    }

    private ReleaseDriveCommand release() {
        return new ReleaseDriveCommand(ride.driveId());
    }

    @Nested
    class HappyPath {

        @Test
        void placedCallStartsTheSagaAndChargesTheFareUnderANewPaymentId() {
            ride.whenPlaced()
                .expectActiveSagas(1)
                .expectDispatchedCommands(new ChargeFareCommand(ride.paymentId(), ride.callId(), FARE))
                .expectAssociationWith(TaxiRideSaga.CALL_ID, ride.callId())
                .expectAssociationWith(TaxiRideSaga.PAYMENT_ID, ride.paymentId());
        }

        @Test
        void paidFareRequestsADriveForTheCallsDistanceUnderANewDriveId() {
            ride.placed();

            ride.whenPaid()
                .expectDispatchedCommands(new RequestDriveCommand(ride.driveId(), ride.callId(), DISTANCE))
                .expectAssociationWith(TaxiRideSaga.DRIVE_ID, ride.driveId())
                .expectActiveSagas(1);
        }

        @Test
        void assignedDriverIsLeftToStartTheDrive() {
            ride.placed().paid();

            ride.whenDriverAssigned()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void startedDriveBeginsTheRide() {
            ride.placed().paid().driverAssigned();

            ride.whenDriveStarted()
                .expectDispatchedCommands(new BeginRideCommand(ride.callId(), ride.driveId()));
        }

        @Test
        void endedDriveCompletesTheCall() {
            ride.placed().paid().driverAssigned().driveStarted();

            ride.whenDriveEnded()
                .expectDispatchedCommands(new CompleteCallCommand(ride.callId(), ride.driveId()))
                .expectActiveSagas(1);
        }

        @Test
        void completedCallEndsTheSaga() {
            ride.placed().paid().driverAssigned().driveStarted().driveEnded();

            ride.whenCompleted()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    @Nested
    class PaymentDeclined {

        @Test
        void declinedPaymentCancelsTheCall() {
            ride.placed();

            ride.whenDeclined()
                .expectDispatchedCommands(new CancelCallCommand(ride.callId(), PAYMENT_DECLINED))
                .expectActiveSagas(1);
        }

        @Test
        void cancelForTheDeclineEndsTheSagaWithNothingToCompensate() {
            ride.placed().declined();

            ride.whenCancelled(PAYMENT_DECLINED)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void declineAfterAPassengerCancelEndsTheSagaWithoutCancellingAgain() {
            ride.placed().cancelled(PASSENGER);

            ride.whenDeclined()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    @Nested
    class NoDriver {

        @Test
        void noDriverRefundsTheFareAndCancelsTheCall() {
            ride.placed().paid();

            ride.whenNoDriver()
                .expectDispatchedCommands(refund(), new CancelCallCommand(ride.callId(), NO_DRIVER))
                .expectActiveSagas(1);
        }

        @Test
        void cancelForNoDriverWaitsForTheRefundWithoutSendingItAgain() {
            ride.placed().paid().noDriver();

            ride.whenCancelled(NO_DRIVER)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void refundAfterTheCancelEndsTheSaga() {
            ride.placed().paid().noDriver().cancelled(NO_DRIVER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void refundBeforeTheCancelKeepsTheSagaUntilTheCallIsCancelled() {
            ride.placed().paid().noDriver();

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void cancelAfterTheRefundEndsTheSaga() {
            ride.placed().paid().noDriver().refunded();

            ride.whenCancelled(NO_DRIVER)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    @Nested
    class PassengerCancelWhilePaymentInFlight {

        @Test
        void cancelWaitsForThePaymentsAnswer() {
            ride.placed();

            ride.whenCancelled(PASSENGER)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void fareCapturedAfterTheCancelIsRefundedAndNoDriveRequested() {
            ride.placed().cancelled(PASSENGER);

            ride.whenPaid()
                .expectDispatchedCommands(refund())
                .expectActiveSagas(1);
        }

        @Test
        void refundOfTheLateFareEndsTheSaga() {
            ride.placed().cancelled(PASSENGER).paid();

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    @Nested
    class PassengerCancelWhileDriveRequested {

        @Test
        void cancelRefundsTheFare() {
            ride.placed().paid();

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(refund())
                .expectActiveSagas(1);
        }

        @Test
        void refundAloneDoesNotEndTheSagaWhileTheDriveIsUnanswered() {
            ride.placed().paid().cancelled(PASSENGER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void driverAssignedAfterTheCancelIsReleased() {
            ride.placed().paid().cancelled(PASSENGER);

            ride.whenDriverAssigned()
                .expectDispatchedCommands(release())
                .expectActiveSagas(1);
        }

        @Test
        void releaseOfTheLateDriverEndsTheRefundedSaga() {
            ride.placed().paid().cancelled(PASSENGER).refunded().driverAssigned();

            ride.whenReleased()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void noDriverAfterTheCancelDoesNotRefundTwiceNorCancelAgain() {
            ride.placed().paid().cancelled(PASSENGER);

            ride.whenNoDriver()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void passengerCancelRacingNoDriverDoesNotRefundTwice() {
            ride.placed().paid().noDriver();

            ride.whenCancelled(PASSENGER)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void noDriverAfterTheRefundEndsTheSaga() {
            ride.placed().paid().cancelled(PASSENGER).refunded();

            ride.whenNoDriver()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void refundAfterCancelAndNoDriverEndsTheSaga() {
            ride.placed().paid().cancelled(PASSENGER).noDriver();

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    @Nested
    class PassengerCancelWithDriverAssigned {

        @Test
        void cancelRefundsTheFareAndReleasesTheDriver() {
            ride.placed().paid().driverAssigned();

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(refund(), release())
                .expectActiveSagas(1);
        }

        @Test
        void refundAloneDoesNotEndTheSagaWhileTheDriverIsHeld() {
            ride.placed().paid().driverAssigned().cancelled(PASSENGER);

            ride.whenRefunded()
                .expectActiveSagas(1);
        }

        @Test
        void releaseAloneDoesNotEndTheSagaWhileTheFareIsHeld() {
            ride.placed().paid().driverAssigned().cancelled(PASSENGER);

            ride.whenReleased()
                .expectActiveSagas(1);
        }

        @Test
        void refundAfterTheReleaseEndsTheSaga() {
            ride.placed().paid().driverAssigned().cancelled(PASSENGER).released();

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void releaseAfterTheRefundEndsTheSaga() {
            ride.placed().paid().driverAssigned().cancelled(PASSENGER).refunded();

            ride.whenReleased()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    @Nested
    class CancelRacingTheDriversStart {

        @Test
        void cancelSeenAfterTheStartReleasesTheStartedDrive() {
            ride.placed().paid().driverAssigned().driveStarted();

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(refund(), release())
                .expectActiveSagas(1);
        }

        @Test
        void startSeenAfterTheCancelDoesNotBeginTheRideNorReleaseTwice() {
            ride.placed().paid().driverAssigned().cancelled(PASSENGER);

            ride.whenDriveStarted()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void startOfALateDriverAfterTheCancelDoesNotReleaseTwice() {
            ride.placed().paid().cancelled(PASSENGER).driverAssigned();

            ride.whenDriveStarted()
                .expectNoDispatchedCommands();
        }

        @Test
        void driveEndedAfterTheCancelDoesNotCompleteTheCallAndFreesTheDriver() {
            ride.placed().paid().driverAssigned().driveStarted().cancelled(PASSENGER).refunded();

            ride.whenDriveEnded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void driveEndedAfterTheCancelWaitsForThePendingRefund() {
            ride.placed().paid().driverAssigned().driveStarted().cancelled(PASSENGER);

            ride.whenDriveEnded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }
    }
}
