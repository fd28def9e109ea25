package io.taxiride.command.call;

import static io.taxiride.command.Refusals.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallOfferedEvent;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.DeclineOfferCommand;
import io.taxiride.api.call.DispatchCallCommand;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.EndOfferCommand;
import io.taxiride.api.call.OfferAcceptedEvent;
import io.taxiride.api.call.OfferEndedEvent;
import io.taxiride.api.call.OfferOutcome;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;
import io.taxiride.security.Actor;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How a call finds its driver: offers one at a time, and of the drivers' answers exactly one acceptance wins. */
class CallDispatchTest {

    private static final CallId CALL = new CallId("call-1");
    private static final DriveId DRIVE = new DriveId("drive-1");
    private static final BigDecimal TEN_KM = new BigDecimal("10");
    private static final long FARE = 14800;
    private static final Position PICKUP = new Position(37.5665, 126.9780);
    private static final Position DROPOFF = new Position(37.5133, 127.1001);
    private static final Instant AT = Instant.parse("2025-06-01T09:00:00Z");
    private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(15);

    /** Around the pickup: 0.5, 2 and 4 km away, and one 8 km away, beyond the 5 km radius. */
    private static final DispatchCandidate NEAR = driver("driver-near", 0.0045);
    private static final DispatchCandidate MID = driver("driver-mid", -0.018);
    private static final DispatchCandidate FAR = driver("driver-far", 0.036);
    private static final DispatchCandidate OUTSIDE = driver("driver-outside", 0.072);

    private NearestDriverFinder finder;
    private FixtureConfiguration<Call> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture(new DispatchPolicy(5, OFFER_TIMEOUT, 5), FAR, NEAR, OUTSIDE, MID);
    }

    private FixtureConfiguration<Call> fixture(DispatchPolicy policy, DispatchCandidate... available) {
        finder = new NearestDriverFinder(List.of(available));
        FixtureConfiguration<Call> configured = new AggregateTestFixture<>(Call.class);
        configured.registerInjectableResource(new FareSchedule(4800, 1000));
        configured.registerInjectableResource(new ServiceArea(new BigDecimal("100")));
        configured.registerInjectableResource(policy);
        configured.registerInjectableResource(finder);
        return configured;
    }

    private static DispatchCandidate driver(String id, double latOffset) {
        return new DispatchCandidate(id, "Name of " + id, "11-" + id.length(),
                                     new Position(PICKUP.lat() + latOffset, PICKUP.lon()), null);
    }

    private static DriverId id(DispatchCandidate driver) {
        return new DriverId(driver.driverId());
    }

    private static CallPlacedEvent placed() {
        return new CallPlacedEvent(CALL, "u-1", "Kim", TEN_KM, "Gangnam", "Jamsil", FARE, PICKUP, DROPOFF);
    }

    private static CallPlacedEvent placedWithoutPickup() {
        return new CallPlacedEvent(CALL, "u-1", "Kim", TEN_KM, "Gangnam", "Jamsil", FARE, null, null);
    }

    private static DispatchCallCommand dispatch() {
        return new DispatchCallCommand(CALL, DRIVE, AT);
    }

    private static CallOfferedEvent offered(DispatchCandidate driver, Instant from, int number) {
        return new CallOfferedEvent(CALL, DRIVE, id(driver), driver.name(), driver.taxiNumber(), driver.position(),
                                    PICKUP, DROPOFF, TEN_KM, FARE, from.plus(OFFER_TIMEOUT), number);
    }

    private static OfferEndedEvent ended(DispatchCandidate driver, OfferOutcome outcome) {
        return new OfferEndedEvent(CALL, id(driver), outcome);
    }

    private static Object[] noDriverEvents(String reason) {
        return new Object[] {new DispatchFailedEvent(CALL, DRIVE, reason),
                new CallCancelledEvent(CALL, CancelReason.NO_DRIVER)};
    }

    private static AcceptOfferCommand accept(DispatchCandidate driver, Instant at) {
        return new AcceptOfferCommand(CALL, id(driver), at);
    }

    private static DeclineOfferCommand decline(DispatchCandidate driver, Instant at) {
        return new DeclineOfferCommand(CALL, id(driver), at);
    }

    @Nested
    class Dispatching {

        @Test
        void theNearestAvailableDriverIsOfferedTheCallUntilTheOfferTimesOut() {
            fixture.given(placed())
                   .when(dispatch())
                   .expectEvents(offered(NEAR, AT, 1));

            assertThat(finder.questions).containsExactly(
                    new NearestDriverFinder.Question(PICKUP, 5, List.of(), 1));
        }

        @Test
        void withoutAPickupTheDriverLongestIdleIsOffered() {
            fixture.given(placedWithoutPickup())
                   .when(dispatch())
                   .expectEvents(new CallOfferedEvent(CALL, DRIVE, id(FAR), FAR.name(), FAR.taxiNumber(),
                                                      FAR.position(), null, null, TEN_KM, FARE,
                                                      AT.plus(OFFER_TIMEOUT), 1));
        }

        @Test
        void nobodyAvailableInRangeCancelsTheCallForWantOfADriver() {
            fixture(new DispatchPolicy(5, OFFER_TIMEOUT, 5), OUTSIDE)
                    .given(placed())
                    .when(dispatch())
                    .expectEvents(noDriverEvents("no driver is available within 5 km of the pickup"));
        }

        @Test
        void nobodyAvailableAtAllWithoutAPickup() {
            fixture(new DispatchPolicy(5, OFFER_TIMEOUT, 5))
                    .given(placedWithoutPickup())
                    .when(dispatch())
                    .expectEvents(noDriverEvents("no driver is available"));
        }

        @Test
        void aRideBeyondTheServiceAreaFindsNoDriverWithoutAskingForOne() {
            FixtureConfiguration<Call> smallArea = new AggregateTestFixture<>(Call.class);
            smallArea.registerInjectableResource(new ServiceArea(new BigDecimal("9.999")));
            smallArea.registerInjectableResource(new DispatchPolicy(5, OFFER_TIMEOUT, 5));
            smallArea.registerInjectableResource(finder);
            smallArea.given(placed())
                     .when(dispatch())
                     .expectEvents(noDriverEvents("beyond the service limit of 9.999 km"));

            assertThat(finder.questions).isEmpty();
        }

        @Test
        void aDispatchSentAgainKeepsTheOfferMade() {
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(new DispatchCallCommand(CALL, DRIVE, AT.plusSeconds(30)))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();

            assertThat(finder.questions).isEmpty();
        }

        @Test
        void aDispatchAfterTheCallWasCancelledChangesNothing() {
            fixture.given(placed(), new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(dispatch())
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();

            assertThat(finder.questions).isEmpty();
        }

        @Test
        void aDispatchThatFailedForGoodIsNotTriedAgain() {
            fixture.given(placed(), new DispatchFailedEvent(CALL, DRIVE, "no driver is available"),
                          new CallCancelledEvent(CALL, CancelReason.NO_DRIVER))
                   .when(dispatch())
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void aFinderThatCannotAnswerFailsTheCommandWithoutADecision() {
            FixtureConfiguration<Call> broken = new AggregateTestFixture<>(Call.class);
            broken.registerInjectableResource(new ServiceArea(new BigDecimal("100")));
            broken.registerInjectableResource(new DispatchPolicy(5, OFFER_TIMEOUT, 5));
            broken.registerInjectableResource((DriverFinder) (pickup, radius, excluded, limit) -> {
                throw new IllegalStateException("read model unreachable");
            });
            broken.given(placed())
                  .when(dispatch())
                  .expectException(IllegalStateException.class)
                  .expectNoEvents();
        }
    }

    @Nested
    class Declining {

        @Test
        void aDeclinedCallIsOfferedToTheNextNearestDriverNotTriedYet() {
            Instant declinedAt = AT.plusSeconds(4);
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(decline(NEAR, declinedAt))
                   .expectEvents(ended(NEAR, OfferOutcome.DECLINED), offered(MID, declinedAt, 2));

            assertThat(finder.questions).containsExactly(
                    new NearestDriverFinder.Question(PICKUP, 5, List.of(NEAR.driverId()), 1));
        }

        @Test
        void everyDriverTriedIsLeftOut() {
            Instant declinedAt = AT.plusSeconds(20);
            fixture.given(placed(), offered(NEAR, AT, 1), ended(NEAR, OfferOutcome.EXPIRED),
                          offered(MID, AT.plusSeconds(15), 2))
                   .when(decline(MID, declinedAt))
                   .expectEvents(ended(MID, OfferOutcome.DECLINED), offered(FAR, declinedAt, 3));

            assertThat(finder.questions.get(0).excludedDriverIds())
                    .containsExactly(NEAR.driverId(), MID.driverId());
        }

        @Test
        void nobodyElseInRangeCancelsTheCall() {
            Instant declinedAt = AT.plusSeconds(10);
            fixture.given(placed(), offered(NEAR, AT, 1), ended(NEAR, OfferOutcome.DECLINED),
                          offered(MID, AT, 2), ended(MID, OfferOutcome.DECLINED), offered(FAR, AT, 3))
                   .when(decline(FAR, declinedAt))
                   .expectEvents(ended(FAR, OfferOutcome.DECLINED),
                                 new DispatchFailedEvent(CALL, DRIVE, "no driver is available within 5 km of the pickup"),
                                 new CallCancelledEvent(CALL, CancelReason.NO_DRIVER));
        }

        @Test
        void afterMaxOffersTheCallIsCancelledWithoutLookingFurther() {
            fixture(new DispatchPolicy(5, OFFER_TIMEOUT, 2), FAR, NEAR, OUTSIDE, MID)
                    .given(placed(), offered(NEAR, AT, 1), ended(NEAR, OfferOutcome.EXPIRED), offered(MID, AT, 2))
                    .when(decline(MID, AT.plusSeconds(3)))
                    .expectEvents(ended(MID, OfferOutcome.DECLINED),
                                  new DispatchFailedEvent(CALL, DRIVE, "no driver took the ride in 2 offers"),
                                  new CallCancelledEvent(CALL, CancelReason.NO_DRIVER));

            assertThat(finder.questions).isEmpty();
        }

        @Test
        void declineAtTheMomentTheOfferExpiresIsTooLate() {
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(decline(NEAR, AT.plus(OFFER_TIMEOUT)))
                   .expectException(refusedWith(ErrorCode.OFFER_EXPIRED))
                   .expectNoEvents();
        }

        @Test
        void theDriverWhoAcceptedCannotDeclineTheRide() {
            fixture.given(placed(), offered(NEAR, AT, 1), new OfferAcceptedEvent(CALL, DRIVE, id(NEAR)))
                   .when(decline(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.ALREADY_DISPATCHED))
                   .expectNoEvents();
        }

        @Test
        void declineOfAnOfferThatEndedIsExpired() {
            fixture.given(placed(), offered(NEAR, AT, 1), ended(NEAR, OfferOutcome.EXPIRED), offered(MID, AT, 2))
                   .when(decline(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.OFFER_EXPIRED))
                   .expectNoEvents();
        }

        @Test
        void declineOfACallOfferedToSomeoneElseIsRefused() {
            fixture.given(placed(), offered(MID, AT, 1))
                   .when(decline(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.ALREADY_DISPATCHED))
                   .expectNoEvents();
        }

        @Test
        void declineOfACallNeverOfferedIsNotFound() {
            fixture.given(placed())
                   .when(decline(NEAR, AT))
                   .expectException(refusedWith(ErrorCode.OFFER_NOT_FOUND))
                   .expectNoEvents();
        }

        @Test
        void declineAfterTheCancelIsRefused() {
            fixture.given(placed(), offered(NEAR, AT, 1), new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(decline(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.CALL_NOT_OPEN))
                   .expectNoEvents();
        }
    }

    @Nested
    class EndingAnOffer {

        @Test
        void anExpiredOfferGoesToTheNextDriver() {
            Instant expired = AT.plus(OFFER_TIMEOUT);
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(new EndOfferCommand(CALL, id(NEAR), OfferOutcome.EXPIRED, expired))
                   .expectEvents(ended(NEAR, OfferOutcome.EXPIRED), offered(MID, expired, 2));
        }

        @Test
        void anOfferDroppedByADriverGoingOfflineCountsAsDeclined() {
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(new EndOfferCommand(CALL, id(NEAR), OfferOutcome.DECLINED, AT.plusSeconds(3)))
                   .expectEvents(ended(NEAR, OfferOutcome.DECLINED), offered(MID, AT.plusSeconds(3), 2));
        }

        @Test
        void anOfferThatNeverReachedItsDriverDoesNotCountTowardsMaxOffers() {
            fixture(new DispatchPolicy(5, OFFER_TIMEOUT, 2), FAR, NEAR, OUTSIDE, MID)
                    .given(placed(), offered(NEAR, AT, 1), ended(NEAR, OfferOutcome.DRIVER_UNAVAILABLE),
                           offered(MID, AT, 2))
                    .when(new EndOfferCommand(CALL, id(MID), OfferOutcome.EXPIRED, AT.plus(OFFER_TIMEOUT)))
                    .expectEvents(ended(MID, OfferOutcome.EXPIRED), offered(FAR, AT.plus(OFFER_TIMEOUT), 3));
        }

        @Test
        void offersThatNeverReachTheirDriverAreCappedToo() {
            DispatchCandidate fifth = driver("driver-fifth", 0.01);
            fixture(new DispatchPolicy(5, OFFER_TIMEOUT, 1), FAR, NEAR, OUTSIDE, MID, fifth)
                    .given(placed(), offered(NEAR, AT, 1), ended(NEAR, OfferOutcome.DRIVER_UNAVAILABLE),
                           offered(MID, AT, 2), ended(MID, OfferOutcome.DRIVER_UNAVAILABLE),
                           offered(fifth, AT, 3), ended(fifth, OfferOutcome.DRIVER_UNAVAILABLE),
                           offered(FAR, AT, 4))
                    .when(new EndOfferCommand(CALL, id(FAR), OfferOutcome.DRIVER_UNAVAILABLE, AT))
                    .expectEvents(ended(FAR, OfferOutcome.DRIVER_UNAVAILABLE),
                                  new DispatchFailedEvent(CALL, DRIVE, "no driver could be reached in 4 attempts"),
                                  new CallCancelledEvent(CALL, CancelReason.NO_DRIVER));
        }

        @ParameterizedTest
        @EnumSource(OfferOutcome.class)
        void anOfferNoLongerCurrentIsLeftAlone(OfferOutcome outcome) {
            fixture.given(placed(), offered(NEAR, AT, 1), ended(NEAR, OfferOutcome.DECLINED), offered(MID, AT, 2))
                   .when(new EndOfferCommand(CALL, id(NEAR), outcome, AT.plus(OFFER_TIMEOUT)))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void anAcceptedOfferIsLeftAlone() {
            fixture.given(placed(), offered(NEAR, AT, 1), new OfferAcceptedEvent(CALL, DRIVE, id(NEAR)))
                   .when(new EndOfferCommand(CALL, id(NEAR), OfferOutcome.EXPIRED, AT.plus(OFFER_TIMEOUT)))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void anOfferOfACancelledCallIsLeftAlone() {
            fixture.given(placed(), offered(NEAR, AT, 1), new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(new EndOfferCommand(CALL, id(NEAR), OfferOutcome.EXPIRED, AT.plus(OFFER_TIMEOUT)))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();

            assertThat(finder.questions).isEmpty();
        }
    }

    @Nested
    class Accepting {

        @Test
        void theDriverOfferedTheCallWinsItBeforeTheOfferExpires() {
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(accept(NEAR, AT.plus(OFFER_TIMEOUT).minusMillis(1)))
                   .expectEvents(new OfferAcceptedEvent(CALL, DRIVE, id(NEAR)));
        }

        @Test
        void theAcceptanceRecordsWhereTheDriverAccepted() {
            Position there = new Position(37.5700, 126.9800);
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(new AcceptOfferCommand(CALL, id(NEAR), AT.plusSeconds(1), there))
                   .expectEvents(new OfferAcceptedEvent(CALL, DRIVE, id(NEAR), there));
        }

        @Test
        void anAcceptanceFromAPositionOutOfRangeIsInvalidAndChangesNothing() {
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(new AcceptOfferCommand(CALL, id(NEAR), AT.plusSeconds(1), new Position(0, 180.5)))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        @Test
        void acceptingAtTheMomentTheOfferExpiresIsTooLate() {
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(accept(NEAR, AT.plus(OFFER_TIMEOUT)))
                   .expectException(refusedWith(ErrorCode.OFFER_EXPIRED))
                   .expectNoEvents();
        }

        @Test
        void acceptingAfterTheOfferExpiredIsTooLate() {
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .when(accept(NEAR, AT.plus(OFFER_TIMEOUT).plusSeconds(5)))
                   .expectException(refusedWith(ErrorCode.OFFER_EXPIRED))
                   .expectNoEvents();
        }

        @Test
        void acceptingAgainChangesNothing() {
            fixture.given(placed(), offered(NEAR, AT, 1), new OfferAcceptedEvent(CALL, DRIVE, id(NEAR)))
                   .when(accept(NEAR, AT.plusSeconds(60)))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void acceptingAgainOnceTheRideBeganChangesNothing() {
            fixture.given(placed(), offered(NEAR, AT, 1), new OfferAcceptedEvent(CALL, DRIVE, id(NEAR)),
                          new RideBegunEvent(CALL, DRIVE))
                   .when(accept(NEAR, AT.plusSeconds(60)))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void aCallTakenByAnotherDriverIsAlreadyDispatched() {
            fixture.given(placed(), offered(MID, AT, 1), new OfferAcceptedEvent(CALL, DRIVE, id(MID)))
                   .when(accept(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.ALREADY_DISPATCHED))
                   .expectNoEvents();
        }

        @Test
        void aCallOfferedToAnotherDriverIsAlreadyDispatched() {
            fixture.given(placed(), offered(MID, AT, 1))
                   .when(accept(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.ALREADY_DISPATCHED))
                   .expectNoEvents();
        }

        @ParameterizedTest
        @EnumSource(OfferOutcome.class)
        void anOfferThatEndedCanNoLongerBeAccepted(OfferOutcome outcome) {
            fixture.given(placed(), offered(NEAR, AT, 1), ended(NEAR, outcome), offered(MID, AT, 2))
                   .when(accept(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.OFFER_EXPIRED))
                   .expectNoEvents();
        }

        @Test
        void aCallNeverOfferedToTheDriverIsNotFound() {
            fixture.given(placed())
                   .when(accept(NEAR, AT))
                   .expectException(refusedWith(ErrorCode.OFFER_NOT_FOUND))
                   .expectNoEvents();
        }

        @Test
        void anAcceptAfterTheCancelOfAnOfferedCallIsRefused() {
            var passengersCancel = GenericCommandMessage.asCommandMessage(
                    new CancelCallCommand(CALL, CancelReason.PASSENGER)).andMetaData(Actor.passenger("u-1").metaData());
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .andGivenCommands(passengersCancel)
                   .when(accept(NEAR, AT.plusSeconds(1)))
                   .expectException(refusedWith(ErrorCode.CALL_NOT_OPEN))
                   .expectNoEvents();
        }

        @Test
        void theAcceptingDriverCannotAcceptACancelledRideAgain() {
            fixture.given(placed(), offered(NEAR, AT, 1), new OfferAcceptedEvent(CALL, DRIVE, id(NEAR)),
                          new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(accept(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.CALL_NOT_OPEN))
                   .expectNoEvents();
        }

        @Test
        void aCompletedCallIsNotOpen() {
            fixture.given(placed(), offered(NEAR, AT, 1), new CallCompletedEvent(CALL, DRIVE))
                   .when(accept(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.CALL_NOT_OPEN))
                   .expectNoEvents();
        }

        @Test
        void aRideUnderWayWithAnotherDriverIsNotOpen() {
            fixture.given(placed(), offered(MID, AT, 1), new OfferAcceptedEvent(CALL, DRIVE, id(MID)),
                          new RideBegunEvent(CALL, DRIVE))
                   .when(accept(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.CALL_NOT_OPEN))
                   .expectNoEvents();
        }

        @Test
        void aCallThatFoundNoDriverIsNotOpen() {
            fixture.given(placed(), offered(NEAR, AT, 1), ended(NEAR, OfferOutcome.EXPIRED),
                          new DispatchFailedEvent(CALL, DRIVE, "no driver is available within 5 km of the pickup"),
                          new CallCancelledEvent(CALL, CancelReason.NO_DRIVER))
                   .when(accept(NEAR, AT.plusSeconds(20)))
                   .expectException(refusedWith(ErrorCode.CALL_NOT_OPEN))
                   .expectNoEvents();
        }

        @Test
        void theFirstOfTwoAnswersWins() {
            fixture.given(placed(), offered(NEAR, AT, 1))
                   .andGivenCommands(accept(NEAR, AT.plusSeconds(1)))
                   .when(decline(NEAR, AT.plusSeconds(2)))
                   .expectException(refusedWith(ErrorCode.ALREADY_DISPATCHED))
                   .expectNoEvents();
        }
    }
}
