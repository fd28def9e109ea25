package io.taxiride.saga;

import static io.taxiride.api.call.CancelReason.NO_DRIVER;
import static io.taxiride.api.call.CancelReason.PASSENGER;
import static io.taxiride.api.call.CancelReason.PAYMENT_DECLINED;
import static io.taxiride.saga.RideScript.FIRST;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ride around its dispatch: payment, the drive, completion, and the compensation of each when the call ends. */
class TaxiRideSagaTest {

    private SagaTestFixture<TaxiRideSaga> fixture;
    private RideScript ride;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(TaxiRideSaga.class);
        ride = new RideScript(fixture);
    }

    @AfterEach
    void tearDown() {
        ride.close();
    }

    @Nested
    class HappyPath {

        @Test
        void placedCallStartsTheSagaAndChargesTheFareUnderANewPaymentId() {
            ride.whenPlaced()
                .expectActiveSagas(1)
                .expectDispatchedCommands(ride.charge())
                .expectAssociationWith(TaxiRideSaga.CALL_ID, ride.callId())
                .expectAssociationWith(TaxiRideSaga.PAYMENT_ID, ride.paymentId());
        }

        @Test
        void paidFareHasTheCallDispatchedFromThePaymentsTimeUnderANewDriveId() {
            ride.placed();

            ride.whenPaid()
                .expectDispatchedCommands(ride.dispatch())
                .expectAssociationWith(TaxiRideSaga.DRIVE_ID, ride.driveId())
                .expectActiveSagas(1);
        }

        @Test
        void assignedDriverIsLeftToStartTheDrive() {
            ride.placed().paid().wonBy(FIRST);

            ride.whenDriverAssigned(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void startedDriveBeginsTheRide() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST);

            ride.whenDriveStarted()
                .expectDispatchedCommands(ride.begin());
        }

        @Test
        void endedDriveCompletesTheCallAndFreesTheDriver() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun();

            ride.whenDriveEnded()
                .expectDispatchedCommands(ride.freeDriver(FIRST), ride.complete())
                .expectActiveSagas(1);
        }

        @Test
        void completedCallKeepsTheSagaUntilTheDriverIsFree() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun().driveEnded();

            ride.whenCompleted()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void freedDriverEndsTheSagaOfTheCompletedCall() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun().driveEnded()
                .completed();

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void completionAfterTheDriverIsFreeEndsTheSaga() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun().driveEnded()
                .driverFreed(FIRST);

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
                .expectDispatchedCommands(ride.cancel(PAYMENT_DECLINED))
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

    /** The call finds nobody (or is beyond the service area) and cancels itself in the same step. */
    @Nested
    class NoDriver {

        @Test
        void failedDispatchLeavesTheCancelToTheCall() {
            ride.placed().paid();

            ride.whenDispatchFailed()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void cancelForNoDriverRefundsTheFare() {
            ride.placed().paid().dispatchFailed();

            ride.whenCancelled(NO_DRIVER)
                .expectDispatchedCommands(ride.refund())
                .expectActiveSagas(1);
        }

        @Test
        void refundAfterTheCancelEndsTheSaga() {
            ride.placed().paid().dispatchFailed().cancelled(NO_DRIVER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
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
        void fareCapturedAfterTheCancelIsRefundedAndTheCallNotDispatched() {
            ride.placed().cancelled(PASSENGER);

            ride.whenPaid()
                .expectDispatchedCommands(ride.refund())
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

    /** The call decides dispatch and cancel one after the other: cancelled first, it never makes an offer. */
    @Nested
    class PassengerCancelWhileDispatchRequested {

        @Test
        void cancelRefundsTheFare() {
            ride.placed().paid();

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(ride.refund())
                .expectActiveSagas(1);
        }

        @Test
        void refundEndsTheSaga() {
            ride.placed().paid().cancelled(PASSENGER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class PassengerCancelWithDriveAssigned {

        @Test
        void cancelRefundsTheFareAndReleasesTheDrive() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST);

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(ride.refund(), ride.release())
                .expectActiveSagas(1);
        }

        @Test
        void releasedDriveFreesTheDriver() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER);

            ride.whenReleased()
                .expectDispatchedCommands(ride.freeDriver(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void refundAloneDoesNotEndTheSagaWhileTheDriveIsHeld() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void refundAfterTheReleaseDoesNotEndTheSagaWhileTheDriverIsHeld() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER).released();

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void freedDriverAfterReleaseAndRefundEndsTheSaga() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER).released().refunded();

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        @Test
        void refundAfterReleaseAndFreedDriverEndsTheSaga() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER).released()
                .driverFreed(FIRST);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    @Nested
    class CancelRacingTheDriversStart {

        @Test
        void cancelSeenAfterTheStartReleasesTheStartedDrive() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted();

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(ride.refund(), ride.release())
                .expectActiveSagas(1);
        }

        @Test
        void startSeenAfterTheCancelDoesNotBeginTheRideNorReleaseTwice() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER);

            ride.whenDriveStarted()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void driveEndedAfterTheCancelFreesTheDriverWithoutCompletingTheCall() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().cancelled(PASSENGER);

            ride.whenDriveEnded()
                .expectDispatchedCommands(ride.freeDriver(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void driveEndedAfterTheCancelEndsTheSagaOnceRefundedAndTheDriverFree() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().cancelled(PASSENGER).refunded()
                .driveEnded();

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        @Test
        void freedDriverAfterTheCancelWaitsForThePendingRefund() {
            ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().cancelled(PASSENGER).driveEnded();

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }
    }
}
