package io.taxiride.saga;

import static io.taxiride.api.call.CancelReason.NO_DRIVER;
import static io.taxiride.api.call.CancelReason.PASSENGER;
import static io.taxiride.api.call.CancelReason.PAYMENT_DECLINED;
import static io.taxiride.api.call.OfferOutcome.DECLINED;
import static io.taxiride.api.call.OfferOutcome.DRIVER_UNAVAILABLE;
import static io.taxiride.saga.RideScript.ANSWER_TIMEOUT;
import static io.taxiride.saga.RideScript.FIRST;
import static io.taxiride.saga.RideScript.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.call.DispatchCallCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.api.payment.ChargeFareCommand;

import java.time.Duration;
import java.time.Instant;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A command the saga sent that is not answered in time is sent again, and only that one. */
class TaxiRideSagaDeadlineTest {

    /** Offers that outlast the answer timeout, so that their own deadline stays out of the way. */
    private static final Duration LONG_OFFER = Duration.ofMinutes(2);

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

    @Test
    void everyCommandSentWaitsForItsAnswerUnderADeadline() {
        ride.whenPlaced()
            .expectScheduledDeadlineWithName(ANSWER_TIMEOUT, TaxiRideSaga.ANSWER_OVERDUE);
    }

    @Test
    void anUnansweredChargeIsSentAgainForTheSamePayment() {
        ride.placed();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.charge());
    }

    @Test
    void aCommandStillUnansweredIsSentAgainAtEveryTimeout() {
        ride.placed();
        ChargeFareCommand charge = ride.charge();

        fixture.whenTimeElapses(ANSWER_TIMEOUT.multipliedBy(3).plusSeconds(1))
               .expectDispatchedCommands(charge, charge, charge);
        assertThat(ride.resent(ChargeFareCommand.class)).as("counted for the operator").isEqualTo(3);
        assertThat(ride.resent(DispatchCallCommand.class)).isZero();
    }

    @Test
    void anUnansweredDispatchIsSentAgainForTheSameDriveAndTime() {
        ride.placed().paid();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.dispatch());
    }

    @Test
    void anUnansweredDispatchIsNotSentAgainOnceTheCallIsCancelled() {
        ride.placed().paid().cancelled(PASSENGER);

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.refund());
    }

    @Test
    void anUnansweredCancelAfterADeclineIsSentAgain() {
        ride.placed().declined();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.cancel(PAYMENT_DECLINED));
    }

    @Test
    void anOfferNoDriverAnsweredIsHandedToThemAgain() {
        ride.placed().paid().offered(FIRST, LONG_OFFER);

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.offerRide(FIRST));
    }

    /** The driver's side settles only by answering: a held offer is then withdrawn, a refused one is over. */
    @Test
    void anOfferUnansweredWhenTheCallWasCancelledIsHandedToTheDriverAgain() {
        ride.placed().paid().offered(FIRST, LONG_OFFER).cancelled(PASSENGER).refunded();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.offerRide(FIRST))
            .expectActiveSagas(1);
    }

    @Test
    void anUnansweredEndOfAnOfferIsSentAgainAsOfTheTimeItIsSent() {
        ride.placed().paid().offered(FIRST).offerRefused(FIRST);
        Instant overdue = ride.now().plus(ANSWER_TIMEOUT).plusSeconds(1);

        fixture.whenTimeAdvancesTo(overdue)
               .expectDispatchedCommands(ride.endOffer(FIRST, DRIVER_UNAVAILABLE, overdue));
    }

    @Test
    void anUnansweredWithdrawalIsSentAgain() {
        ride.placed().paid().offered(FIRST, LONG_OFFER).offerHeld(FIRST).offerEnded(FIRST, DECLINED)
            .offered(SECOND, LONG_OFFER).offerHeld(SECOND);

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.withdraw(FIRST));
    }

    /** Each command waits under a deadline, also when the ride had nothing outstanding before it. */
    @Test
    void aWithdrawalSentWhenNothingElseWasOutstandingIsSentAgain() {
        ride.placed().paid().offered(FIRST, LONG_OFFER).offerHeld(FIRST).elapsed(ANSWER_TIMEOUT.plusSeconds(1))
            .offerEnded(FIRST, DECLINED);

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.withdraw(FIRST));
    }

    @Test
    void anUnansweredTakeOfTheRideIsSentAgainFromWhereTheDriverAccepted() {
        Position there = new Position(37.57, 126.99);
        ride.placed().paid().offered(FIRST, LONG_OFFER).offerHeld(FIRST).accepted(FIRST, there);

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.takeRide(FIRST, there));
    }

    @Test
    void anUnansweredTakeOfTheRideIsSentAgain() {
        ride.placed().paid().offered(FIRST, LONG_OFFER).offerHeld(FIRST).accepted(FIRST);

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.takeRide(FIRST));
    }

    @Test
    void anUnansweredAssignmentOfTheDriveIsSentAgain() {
        ride.placed().paid().wonBy(FIRST);

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.assignDrive(FIRST));
    }

    @Test
    void anUnansweredBeginOfTheRideIsSentAgainUntilTheCallHasIt() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.begin());
    }

    @Test
    void anUnansweredCompletionAndFreeingOfTheDriverAreSentAgain() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun().driveEnded();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.freeDriver(FIRST), ride.complete());
    }

    @Test
    void anUnansweredFreeingOfTheDriverIsSentAgainAfterTheCallIsCompleted() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun().driveEnded().completed();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.freeDriver(FIRST))
            .expectActiveSagas(1);
    }

    @Test
    void unansweredCompensationsAreSentAgainUntilEachIsConfirmed() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER).refunded();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.release())
            .expectActiveSagas(1);
    }

    @Test
    void anUnansweredFreeingOfTheDriverAfterTheReleaseIsSentAgain() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER).refunded().released();

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.freeDriver(FIRST))
            .expectActiveSagas(1);
    }

    @Test
    void aNoDriverCompensationRepeatsTheRefundOnly() {
        ride.placed().paid().dispatchFailed().cancelled(NO_DRIVER);

        ride.whenNoAnswerArrivesInTime()
            .expectDispatchedCommands(ride.refund());
    }

    @Test
    void nothingIsSentAgainOnceEveryAnswerHasArrived() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST);

        ride.whenNoAnswerArrivesInTime()
            .expectNoDispatchedCommands()
            .expectNoScheduledDeadlines()
            .expectActiveSagas(1);
    }

    @Test
    void aCompensatedRideLeavesNoDeadlineBehind() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).cancelled(PASSENGER).refunded().released();

        ride.whenDriverFreed(FIRST)
            .expectActiveSagas(0)
            .expectNoScheduledDeadlines();
    }

    @Test
    void aCompletedRideLeavesNoDeadlineBehind() {
        ride.placed().paid().wonBy(FIRST).driverAssigned(FIRST).driveStarted().rideBegun().driveEnded()
            .driverFreed(FIRST);

        ride.whenCompleted()
            .expectActiveSagas(0)
            .expectNoScheduledDeadlines();
    }

    @Test
    void aRideCancelledWhileOfferedLeavesNoDeadlineBehind() {
        ride.placed().paid().offered(FIRST).offerHeld(FIRST).cancelled(PASSENGER).refunded();

        ride.whenOfferWithdrawn(FIRST)
            .expectActiveSagas(0)
            .expectNoScheduledDeadlines();
    }
}
