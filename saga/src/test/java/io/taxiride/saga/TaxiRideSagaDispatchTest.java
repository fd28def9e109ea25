package io.taxiride.saga;

import static io.taxiride.api.call.CancelReason.NO_DRIVER;
import static io.taxiride.api.call.CancelReason.OPERATOR;
import static io.taxiride.api.call.CancelReason.PASSENGER;
import static io.taxiride.api.call.OfferOutcome.DECLINED;
import static io.taxiride.api.call.OfferOutcome.DRIVER_UNAVAILABLE;
import static io.taxiride.api.call.OfferOutcome.EXPIRED;
import static io.taxiride.saga.RideScript.FIRST;
import static io.taxiride.saga.RideScript.SECOND;

import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;
import io.taxiride.saga.TaxiRideSaga.OfferExpiry;

import java.time.Duration;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The call picks the drivers and arbitrates their answers; the saga hands each offer to its driver, ends it when it
 * runs out or cannot reach the driver, lets the driver go of an offer that ended, and gives the drive to the winner.
 */
class TaxiRideSagaDispatchTest {

    private SagaTestFixture<TaxiRideSaga> fixture;
    private RideScript ride;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(TaxiRideSaga.class);
        ride = new RideScript(fixture);
        ride.placed().paid();
    }

    @AfterEach
    void tearDown() {
        ride.close();
    }

    private OfferExpiry expiry(DriverId driver) {
        return new OfferExpiry(ride.callId(), driver);
    }

    @Nested
    class OfferHandedToTheDriver {

        @Test
        void offerIsHandedToItsDriverAndRunsOutAtItsExpiry() {
            ride.whenOffered(FIRST)
                .expectDispatchedCommands(ride.offerRide(FIRST))
                .expectScheduledDeadline(ride.expiryOf(FIRST), expiry(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void driverHoldingTheOfferIsLeftToAnswerItInTime() {
            ride.offered(FIRST);

            ride.whenOfferHeld(FIRST)
                .expectNoDispatchedCommands()
                .expectScheduledDeadline(ride.expiryOf(FIRST), expiry(FIRST))
                .expectActiveSagas(1);
        }
    }

    @Nested
    class Declined {

        @Test
        void declinedOfferIsWithdrawnFromTheDriverAndNoLongerRunsOut() {
            ride.offered(FIRST).offerHeld(FIRST);

            ride.whenOfferEnded(FIRST, DECLINED)
                .expectDispatchedCommands(ride.withdraw(FIRST))
                .expectNoScheduledDeadline(ride.expiryOf(FIRST), expiry(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void nextOfferOfTheCallIsHandedToTheNextDriver() {
            ride.offered(FIRST).offerHeld(FIRST).elapsed(Duration.ofSeconds(5)).offerEnded(FIRST, DECLINED);

            ride.whenOffered(SECOND)
                .expectDispatchedCommands(ride.offerRide(SECOND))
                .expectScheduledDeadline(ride.expiryOf(SECOND), expiry(SECOND));
        }

        @Test
        void withdrawnOfferLeavesTheRideGoing() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).offered(SECOND);

            ride.whenOfferWithdrawn(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void onlyTheRunningOfferRunsOut() {
            ride.offered(FIRST).offerHeld(FIRST).elapsed(Duration.ofSeconds(5)).offerEnded(FIRST, DECLINED)
                .offered(SECOND).offerHeld(SECOND);

            fixture.whenTimeAdvancesTo(ride.expiryOf(SECOND))
                   .expectTriggeredDeadlines(expiry(SECOND))
                   .expectDispatchedCommands(ride.endOffer(SECOND, EXPIRED, ride.expiryOf(SECOND)));
        }
    }

    @Nested
    class Expired {

        @Test
        void offerNobodyAnsweredIsEndedAsExpiredAtItsExpiry() {
            ride.offered(FIRST).offerHeld(FIRST);

            fixture.whenTimeAdvancesTo(ride.expiryOf(FIRST))
                   .expectDispatchedCommands(ride.endOffer(FIRST, EXPIRED, ride.expiryOf(FIRST)))
                   .expectActiveSagas(1);
        }

        @Test
        void expiredOfferIsWithdrawnFromTheDriver() {
            ride.offered(FIRST).offerHeld(FIRST).elapsed(RideScript.OFFER_TIMEOUT);

            ride.whenOfferEnded(FIRST, EXPIRED)
                .expectDispatchedCommands(ride.withdraw(FIRST));
        }

        @Test
        void acceptedOfferDoesNotRunOut() {
            ride.offered(FIRST).offerHeld(FIRST).accepted(FIRST);

            fixture.whenTimeAdvancesTo(ride.expiryOf(FIRST))
                   .expectNoDispatchedCommands();
        }

        @Test
        void offerThatRanOutBeforeTheDriverHeldItIsWithdrawnWhenTheyDo() {
            ride.offered(FIRST).elapsed(RideScript.OFFER_TIMEOUT).offerEnded(FIRST, EXPIRED).offered(SECOND);

            ride.whenOfferHeld(FIRST)
                .expectDispatchedCommands(ride.withdraw(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void offerThatRanOutBeforeTheDriverHeldItIsNotWithdrawnWhenItEnds() {
            ride.offered(FIRST).elapsed(RideScript.OFFER_TIMEOUT);

            ride.whenOfferEnded(FIRST, EXPIRED)
                .expectNoDispatchedCommands();
        }
    }

    /** The dispatch read model named a driver who was no longer available when the offer reached them. */
    @Nested
    class RefusedByTheDriver {

        @Test
        void refusedOfferIsEndedAsDriverUnavailable() {
            ride.offered(FIRST).elapsed(Duration.ofSeconds(2));

            ride.whenOfferRefused(FIRST)
                .expectDispatchedCommands(ride.endOffer(FIRST, DRIVER_UNAVAILABLE, ride.now()))
                .expectActiveSagas(1);
        }

        @Test
        void refusedOfferIsNotEndedAgainWhenItRunsOut() {
            ride.offered(FIRST).offerRefused(FIRST);

            fixture.whenTimeAdvancesTo(ride.expiryOf(FIRST))
                   .expectNoDispatchedCommands();
        }

        @Test
        void offerTheDriverNeverHeldIsNotWithdrawn() {
            ride.offered(FIRST).offerRefused(FIRST);

            ride.whenOfferEnded(FIRST, DRIVER_UNAVAILABLE)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadline(ride.expiryOf(FIRST), expiry(FIRST));
        }
    }

    @Nested
    class DriverWentOfflineHoldingTheOffer {

        @Test
        void droppedOfferIsEndedAsDeclined() {
            ride.offered(FIRST).offerHeld(FIRST).elapsed(Duration.ofSeconds(3));

            ride.whenOfferDropped(FIRST)
                .expectDispatchedCommands(ride.endOffer(FIRST, DECLINED, ride.now()))
                .expectActiveSagas(1);
        }

        @Test
        void droppedOfferIsNotWithdrawnWhenItEnds() {
            ride.offered(FIRST).offerHeld(FIRST).offerDropped(FIRST);

            ride.whenOfferEnded(FIRST, DECLINED)
                .expectNoDispatchedCommands();
        }
    }

    /** The last offer the call may make ended: the call fails its dispatch and cancels itself in the same step. */
    @Nested
    class MaxOffersReached {

        @Test
        void failedDispatchAfterTheLastDeclineSendsNothingMore() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED);

            ride.whenDispatchFailed()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void cancelForNoDriverRefundsTheFare() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).dispatchFailed();

            ride.whenCancelled(NO_DRIVER)
                .expectDispatchedCommands(ride.refund())
                .expectActiveSagas(1);
        }

        @Test
        void refundKeepsTheSagaUntilTheLastDriverLetsGoOfTheOffer() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).dispatchFailed().cancelled(NO_DRIVER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void refundAfterTheWithdrawalEndsTheSaga() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).dispatchFailed().cancelled(NO_DRIVER)
                .offerWithdrawn(FIRST);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        @Test
        void lastOfferRunningOutEndsTheSagaOnceWithdrawnAndRefunded() {
            ride.offered(FIRST).offerHeld(FIRST).elapsed(RideScript.OFFER_TIMEOUT).offerEnded(FIRST, EXPIRED)
                .dispatchFailed().cancelled(NO_DRIVER).refunded();

            ride.whenOfferWithdrawn(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class CancelWhileOffered {

        @Test
        void cancelRefundsTheFareAndWithdrawsTheHeldOffer() {
            ride.offered(FIRST).offerHeld(FIRST);

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(ride.refund(), ride.withdraw(FIRST))
                .expectNoScheduledDeadline(ride.expiryOf(FIRST), expiry(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void refundKeepsTheSagaUntilTheDriverLetsGoOfTheOffer() {
            ride.offered(FIRST).offerHeld(FIRST).cancelled(PASSENGER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void withdrawnOfferAfterTheRefundEndsTheSaga() {
            ride.offered(FIRST).offerHeld(FIRST).cancelled(PASSENGER).refunded();

            ride.whenOfferWithdrawn(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        @Test
        void refundAfterTheWithdrawalEndsTheSaga() {
            ride.offered(FIRST).offerHeld(FIRST).cancelled(PASSENGER).offerWithdrawn(FIRST);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void driverGoingOfflineWithTheOfferLetsGoOfItToo() {
            ride.offered(FIRST).offerHeld(FIRST).cancelled(PASSENGER).refunded();

            ride.whenOfferDropped(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }

        @Test
        void cancelledOfferDoesNotRunOut() {
            ride.offered(FIRST).offerHeld(FIRST).cancelled(PASSENGER);

            fixture.whenTimeAdvancesTo(ride.expiryOf(FIRST))
                   .expectNoDispatchedCommands();
        }

        @Test
        void cancelAfterADeclineWaitsForTheDeclinedDriverToo() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).offered(SECOND).offerHeld(SECOND)
                .cancelled(PASSENGER).refunded().offerWithdrawn(SECOND);

            ride.whenOfferWithdrawn(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    /** The call was cancelled after it made the offer, before the driver's side had taken hold of it. */
    @Nested
    class CancelBeforeTheDriverHeldTheOffer {

        @Test
        void cancelRefundsTheFareOnly() {
            ride.offered(FIRST);

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(ride.refund())
                .expectActiveSagas(1);
        }

        @Test
        void refundKeepsTheSagaWhileTheDriversAnswerIsOutstanding() {
            ride.offered(FIRST).cancelled(PASSENGER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void offerTheDriverHoldsAfterTheCancelIsWithdrawn() {
            ride.offered(FIRST).cancelled(PASSENGER).refunded();

            ride.whenOfferHeld(FIRST)
                .expectDispatchedCommands(ride.withdraw(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void withdrawalOfTheLateOfferEndsTheSaga() {
            ride.offered(FIRST).cancelled(PASSENGER).refunded().offerHeld(FIRST);

            ride.whenOfferWithdrawn(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        @Test
        void offerTheDriverRefusesAfterTheCancelEndsTheSagaWithoutEndingTheOffer() {
            ride.offered(FIRST).cancelled(PASSENGER).refunded();

            ride.whenOfferRefused(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    @Nested
    class Accepted {

        @Test
        void acceptedOfferHasTheWinnerTakeTheRide() {
            ride.offered(FIRST).offerHeld(FIRST);

            ride.whenAccepted(FIRST)
                .expectDispatchedCommands(ride.takeRide(FIRST))
                .expectNoScheduledDeadline(ride.expiryOf(FIRST), expiry(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void theWinnerTakesTheRideWhereTheyAccepted() {
            Position there = new Position(37.57, 126.99);
            ride.offered(FIRST).offerHeld(FIRST);

            ride.whenAccepted(FIRST, there)
                .expectDispatchedCommands(ride.takeRide(FIRST, there));
        }

        @Test
        void takenRideGivesTheDriveToTheDriverWhereTheyAre() {
            ride.offered(FIRST).offerHeld(FIRST).accepted(FIRST);

            ride.whenRideTaken(FIRST)
                .expectDispatchedCommands(ride.assignDrive(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void rideFromTheOfferToTheFreedDriverEndsTheSaga() {
            ride.offered(FIRST).offerHeld(FIRST).accepted(FIRST).rideTaken(FIRST).driverAssigned(FIRST)
                .driveStarted().rideBegun().driveEnded().completed();

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        @Test
        void secondDriverWinsAfterTheFirstDeclined() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).offered(SECOND).offerHeld(SECOND);

            ride.whenAccepted(SECOND)
                .expectDispatchedCommands(ride.takeRide(SECOND));
        }

        @Test
        void rideIsNotOverWhileADeclinedDriverStillHoldsTheirOffer() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).offered(SECOND).offerHeld(SECOND)
                .accepted(SECOND).rideTaken(SECOND).driverAssigned(SECOND).driveStarted().rideBegun().driveEnded()
                .completed();

            ride.whenDriverFreed(SECOND)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void withdrawalFromTheDeclinedDriverEndsTheFinishedRide() {
            ride.offered(FIRST).offerHeld(FIRST).offerEnded(FIRST, DECLINED).offered(SECOND).offerHeld(SECOND)
                .accepted(SECOND).rideTaken(SECOND).driverAssigned(SECOND).driveStarted().rideBegun().driveEnded()
                .completed().driverFreed(SECOND);

            ride.whenOfferWithdrawn(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        }
    }

    /** A passenger may cancel until the ride begins; the call decides, so an accept after the cancel never wins. */
    @Nested
    class CancelAfterAccept {

        @Test
        void cancelBeforeTheRideIsTakenRefundsTheFare() {
            ride.offered(FIRST).offerHeld(FIRST).accepted(FIRST);

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(ride.refund())
                .expectActiveSagas(1);
        }

        @Test
        void rideTakenAfterTheCancelFreesTheDriverWithoutAssigningTheDrive() {
            ride.offered(FIRST).offerHeld(FIRST).accepted(FIRST).cancelled(PASSENGER);

            ride.whenRideTaken(FIRST)
                .expectDispatchedCommands(ride.freeDriver(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void refundKeepsTheSagaUntilTheWinnerHasTakenTheRideAndIsFree() {
            ride.offered(FIRST).offerHeld(FIRST).accepted(FIRST).cancelled(PASSENGER);

            ride.whenRefunded()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void winnerFreedAfterTheCancelEndsTheRefundedSaga() {
            ride.offered(FIRST).offerHeld(FIRST).accepted(FIRST).cancelled(PASSENGER).refunded().rideTaken(FIRST);

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        @Test
        void cancelBetweenTheTakenRideAndTheAssignedDriveRefundsAndFreesTheDriver() {
            ride.wonBy(FIRST);

            ride.whenCancelled(PASSENGER)
                .expectDispatchedCommands(ride.refund(), ride.freeDriver(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void driveAssignedAfterTheCancelIsReleased() {
            ride.wonBy(FIRST).cancelled(PASSENGER);

            ride.whenDriverAssigned(FIRST)
                .expectDispatchedCommands(ride.release())
                .expectActiveSagas(1);
        }

        @Test
        void sagaWaitsForTheDriveAssignedMeanwhileToBeReleased() {
            ride.wonBy(FIRST).cancelled(PASSENGER).refunded();

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        }

        @Test
        void releaseOfTheDriveAssignedMeanwhileEndsTheSagaWithoutFreeingTheDriverTwice() {
            ride.wonBy(FIRST).cancelled(PASSENGER).refunded().driverFreed(FIRST).driverAssigned(FIRST);

            ride.whenReleased()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        @Test
        void cancelAfterTheAssignedDriveReleasesItAndFreesTheDriverOnceReleased() {
            ride.wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER).refunded();

            ride.whenReleased()
                .expectDispatchedCommands(ride.freeDriver(FIRST))
                .expectActiveSagas(1);
        }

        @Test
        void cancelAfterTheAssignedDriveEndsOnceReleasedRefundedAndTheDriverFree() {
            ride.wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER).refunded().released();

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }

        /** A ride under way only an operator cancels: refunded, the started drive released, then the driver freed. */
        @Test
        void anOperatorsCancelOfARideInProgressRefundsItAndReleasesTheStartedDrive() {
            ride.wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun();

            ride.whenCancelled(OPERATOR)
                .expectDispatchedCommands(ride.refund(), ride.release())
                .expectActiveSagas(1);
        }

        @Test
        void anOperatorsCancelOfARideInProgressEndsOnceReleasedRefundedAndTheDriverFree() {
            ride.wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun().cancelled(OPERATOR).refunded()
                .released();

            ride.whenDriverFreed(FIRST)
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        }
    }
}
