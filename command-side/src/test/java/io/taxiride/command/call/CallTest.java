package io.taxiride.command.call;

import static io.taxiride.command.Refusals.refusedWith;
import static io.taxiride.command.Refusals.unknown;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.BeginRideCommand;
import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.CompleteCallCommand;
import io.taxiride.api.call.PlaceCallCommand;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.geo.Position;
import io.taxiride.security.Actor;

import java.math.BigDecimal;

import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallTest {

    private static final CallId CALL = new CallId("call-1");
    private static final DriveId DRIVE = new DriveId("drive-1");
    private static final BigDecimal TEN_KM = new BigDecimal("10");
    private static final Position PICKUP = new Position(37.5665, 126.9780);
    private static final Position DROPOFF = new Position(37.5133, 127.1001);

    private FixtureConfiguration<Call> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Call.class);
        fixture.registerInjectableResource(new FareSchedule(4800, 1000));
    }

    private static PlaceCallCommand place(String userId, String userName, BigDecimal distance) {
        return new PlaceCallCommand(CALL, userId, userName, distance, "Gangnam", "Jamsil", PICKUP, DROPOFF);
    }

    private static PlaceCallCommand place(Position pickup, Position dropoff) {
        return new PlaceCallCommand(CALL, "u-1", "Kim", TEN_KM, "Gangnam", "Jamsil", pickup, dropoff);
    }

    private static CallPlacedEvent placed() {
        return new CallPlacedEvent(CALL, "u-1", "Kim", TEN_KM, "Gangnam", "Jamsil", 14800, PICKUP, DROPOFF);
    }

    @Nested
    class Placing {

        @Test
        void placingTheSameCallAgainChangesNothing() {
            fixture.given(placed())
                   .when(place("u-1", "Kim", new BigDecimal("10.000")))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void placingACallOfTheSameIdWithOtherDetailsIsRefused() {
            fixture.given(placed())
                   .when(place("u-1", "Kim", new BigDecimal("11")))
                   .expectException(refusedWith(ErrorCode.IDEMPOTENCY_KEY_REUSED))
                   .expectNoEvents();
        }

        @Test
        void placedCallCarriesBaseFarePlusRatePerKm() {
            fixture.givenNoPriorActivity()
                   .when(place("u-1", "Kim", TEN_KM))
                   .expectSuccessfulHandlerExecution()
                   .expectEvents(placed());
        }

        @Test
        void fareRoundsTheDistancePartHalfUpToTheWon() {
            BigDecimal distance = new BigDecimal("2.345");
            FixtureConfiguration<Call> otherRate = new AggregateTestFixture<>(Call.class);
            otherRate.registerInjectableResource(new FareSchedule(4800, 1250));
            otherRate.givenNoPriorActivity()
                   .when(place("u-1", "Kim", distance))
                   .expectEvents(new CallPlacedEvent(CALL, "u-1", "Kim", distance, "Gangnam", "Jamsil", 4800 + 2931,
                                                     PICKUP, DROPOFF));
        }

        @Test
        void distanceFinerThanAMetreIsRefused() {
            fixture.givenNoPriorActivity()
                   .when(place("u-1", "Kim", new BigDecimal("2.3456")))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        @Test
        void trailingZerosDoNotCountAsPrecision() {
            fixture.givenNoPriorActivity()
                   .when(place("u-1", "Kim", new BigDecimal("2.50000")))
                   .expectSuccessfulHandlerExecution();
        }

        @ParameterizedTest
        @ValueSource(strings = {"Kim\u0000", "Kim\nJiwoo", "\u001b[31mKim", "Kim\u0085", "Kim \ud800"})
        void aControlCharacterInANameOrPlaceIsRefused(String text) {
            fixture.givenNoPriorActivity()
                   .when(new PlaceCallCommand(CALL, "u-1", text, TEN_KM, "Gangnam", "Jamsil", null, null))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
            fixture.givenNoPriorActivity()
                   .when(new PlaceCallCommand(CALL, "u-1", "Kim", TEN_KM, text, "Jamsil", null, null))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
            fixture.givenNoPriorActivity()
                   .when(new PlaceCallCommand(CALL, "u-1", "Kim", TEN_KM, "Gangnam", text, null, null))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        @Test
        void lettersOfAnyScriptAndEmojiAreText() {
            fixture.givenNoPriorActivity()
                   .when(new PlaceCallCommand(CALL, "u-1", "김지우 \uD83D\uDE95", TEN_KM, "강남역", "Zürich Hbf", null,
                                              null))
                   .expectSuccessfulHandlerExecution();
        }

        @Test
        void overlongTextIsRefused() {
            fixture.givenNoPriorActivity()
                   .when(new PlaceCallCommand(CALL, "u-1", "Kim", TEN_KM, "x".repeat(201), "Jamsil", null, null))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        @Test
        void distanceOfExactlyTheMaximumIsAccepted() {
            fixture.givenNoPriorActivity()
                   .when(place("u-1", "Kim", Call.MAX_DISTANCE_KM))
                   .expectSuccessfulHandlerExecution()
                   .expectEvents(new CallPlacedEvent(CALL, "u-1", "Kim", Call.MAX_DISTANCE_KM, "Gangnam", "Jamsil",
                                                     4800 + 1_000_000, PICKUP, DROPOFF));
        }

        @Test
        void pickupAndDropoffAreOptional() {
            fixture.givenNoPriorActivity()
                   .when(place(null, null))
                   .expectEvents(new CallPlacedEvent(CALL, "u-1", "Kim", TEN_KM, "Gangnam", "Jamsil", 14800, null,
                                                     null));
        }

        @Test
        void placingAgainWithAnotherPickupIsAnotherRequest() {
            fixture.given(placed())
                   .when(place(new Position(37.5, 127.0), DROPOFF))
                   .expectException(refusedWith(ErrorCode.IDEMPOTENCY_KEY_REUSED))
                   .expectNoEvents();
        }

        @Test
        void placingAgainWithoutTheDropoffIsAnotherRequest() {
            fixture.given(placed())
                   .when(place(PICKUP, null))
                   .expectException(refusedWith(ErrorCode.IDEMPOTENCY_KEY_REUSED))
                   .expectNoEvents();
        }

        @Test
        void placingAgainWithTheSamePositionsChangesNothing() {
            fixture.given(placed())
                   .when(place(new Position(PICKUP.lat(), PICKUP.lon()), new Position(DROPOFF.lat(), DROPOFF.lon())))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"90.0001,0", "-90.0001,0", "0,180.0001", "0,-180.0001", "NaN,0", "0,Infinity"})
        void pickupOutOfRangeIsRefusedAsInvalid(String latLon) {
            fixture.givenNoPriorActivity()
                   .when(place(position(latLon), DROPOFF))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"90.0001,0", "-90.0001,0", "0,180.0001", "0,-180.0001", "NaN,0", "0,Infinity"})
        void dropoffOutOfRangeIsRefusedAsInvalid(String latLon) {
            fixture.givenNoPriorActivity()
                   .when(place(PICKUP, position(latLon)))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        private static Position position(String latLon) {
            String[] parts = latLon.split(",");
            return new Position(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"0", "-1", "1000.001"})
        void distanceOutsideZeroToMaximumIsRefusedAsInvalid(BigDecimal distance) {
            fixture.givenNoPriorActivity()
                   .when(place("u-1", "Kim", distance))
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST));
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "  "})
        void blankUserIdIsRefusedAsInvalid(String userId) {
            fixture.givenNoPriorActivity()
                   .when(place(userId, "Kim", TEN_KM))
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST));
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "  "})
        void blankUserNameIsRefusedAsInvalid(String userName) {
            fixture.givenNoPriorActivity()
                   .when(place("u-1", userName, TEN_KM))
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST));
        }
    }

    @Nested
    class Cancelling {

        private static final MetaData PASSENGER = Actor.passenger("u-1").metaData();
        private static final MetaData PLATFORM = Actor.PLATFORM.metaData();
        private static final MetaData OPERATOR = Actor.operator("op-1").metaData();

        @Test
        void thePassengerCancelsTheirOpenCall() {
            fixture.given(placed())
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER), PASSENGER)
                   .expectEvents(new CallCancelledEvent(CALL, CancelReason.PASSENGER));
        }

        @ParameterizedTest
        @EnumSource(CancelReason.class)
        void thePlatformCancelsAnOpenCallForAnyReason(CancelReason reason) {
            fixture.given(placed())
                   .when(new CancelCallCommand(CALL, reason), PLATFORM)
                   .expectEvents(new CallCancelledEvent(CALL, reason));
        }

        @Test
        void anotherPassengersCancelIsAnsweredAsAnUnknownCallAndChangesNothing() {
            fixture.given(placed())
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER), Actor.passenger("u-2").metaData())
                   .expectException(unknown(ErrorCode.CALL_NOT_FOUND, CALL))
                   .expectNoEvents();
        }

        /** Not CALL_NOT_CANCELLABLE: that would tell another passenger the call exists, and how far it got. */
        @Test
        void anotherPassengerLearnsNothingOfACallThatCannotBeCancelled() {
            fixture.given(placed(), new RideBegunEvent(CALL, DRIVE))
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER), Actor.passenger("u-2").metaData())
                   .expectException(unknown(ErrorCode.CALL_NOT_FOUND, CALL))
                   .expectNoEvents();
        }

        @Test
        void aDriverCannotCancelAndLearnsNothing() {
            fixture.given(placed())
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER), Actor.driver("u-1").metaData())
                   .expectException(unknown(ErrorCode.CALL_NOT_FOUND, CALL))
                   .expectNoEvents();
        }

        /** Each cancels with their own reason: an operator's cancel is never the passenger's, nor the other way. */
        @Test
        void aReasonThatIsNotTheActorsIsAnsweredAsAnUnknownCall() {
            fixture.given(placed())
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER), OPERATOR)
                   .expectException(unknown(ErrorCode.CALL_NOT_FOUND, CALL))
                   .expectNoEvents();
            fixture.given(placed())
                   .when(new CancelCallCommand(CALL, CancelReason.OPERATOR), PASSENGER)
                   .expectException(unknown(ErrorCode.CALL_NOT_FOUND, CALL))
                   .expectNoEvents();
        }

        @Test
        void anOperatorCancelsAnyOpenCall() {
            fixture.given(placed())
                   .when(new CancelCallCommand(CALL, CancelReason.OPERATOR), OPERATOR)
                   .expectEvents(new CallCancelledEvent(CALL, CancelReason.OPERATOR));
        }

        /** A ride that did not happen, or whose driver never ends it: refunded and its driver freed by the saga. */
        @Test
        void anOperatorCancelsARideInProgress() {
            fixture.given(placed(), new RideBegunEvent(CALL, DRIVE))
                   .when(new CancelCallCommand(CALL, CancelReason.OPERATOR), OPERATOR)
                   .expectEvents(new CallCancelledEvent(CALL, CancelReason.OPERATOR));
        }

        @Test
        void anOperatorCannotCancelAnEndedCall() {
            fixture.given(placed(), new CallCompletedEvent(CALL, DRIVE))
                   .when(new CancelCallCommand(CALL, CancelReason.OPERATOR), OPERATOR)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.CALL_NOT_CANCELLABLE));
            fixture.given(placed(), new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(new CancelCallCommand(CALL, CancelReason.OPERATOR), OPERATOR)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.CALL_NOT_CANCELLABLE));
        }

        @Test
        void aCancelThatNamesNoActorIsRefused() {
            fixture.given(placed())
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER))
                   .expectException(unknown(ErrorCode.CALL_NOT_FOUND, CALL))
                   .expectNoEvents();
        }

        @Test
        void passengerCannotCancelARideInProgress() {
            fixture.given(placed(), new RideBegunEvent(CALL, DRIVE))
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER), PASSENGER)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.CALL_NOT_CANCELLABLE));
        }

        @Test
        void passengerCannotCancelACompletedCall() {
            fixture.given(placed(), new CallCompletedEvent(CALL, DRIVE))
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER), PASSENGER)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.CALL_NOT_CANCELLABLE));
        }

        @Test
        void passengerCannotCancelTwice() {
            fixture.given(placed(), new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(new CancelCallCommand(CALL, CancelReason.PASSENGER), PASSENGER)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.CALL_NOT_CANCELLABLE));
        }

        @ParameterizedTest
        @EnumSource(value = CancelReason.class, names = {"PAYMENT_DECLINED", "NO_DRIVER"})
        void sagaCancelOfACallThatIsNoLongerOpenChangesNothing(CancelReason reason) {
            fixture.given(placed(), new RideBegunEvent(CALL, DRIVE))
                   .when(new CancelCallCommand(CALL, reason), PLATFORM)
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void sagaCancelOfAnAlreadyCancelledCallChangesNothing() {
            fixture.given(placed(), new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(new CancelCallCommand(CALL, CancelReason.NO_DRIVER), PLATFORM)
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }

    @Nested
    class BeginningTheRide {

        @Test
        void openCallBeginsTheRide() {
            fixture.given(placed())
                   .when(new BeginRideCommand(CALL, DRIVE))
                   .expectEvents(new RideBegunEvent(CALL, DRIVE));
        }

        @Test
        void beginRideAfterACancelChangesNothing() {
            fixture.given(placed(), new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(new BeginRideCommand(CALL, DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void beginRideTwiceChangesNothing() {
            fixture.given(placed(), new RideBegunEvent(CALL, DRIVE))
                   .when(new BeginRideCommand(CALL, DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }

    @Nested
    class Completing {

        @Test
        void rideInProgressIsCompleted() {
            fixture.given(placed(), new RideBegunEvent(CALL, DRIVE))
                   .when(new CompleteCallCommand(CALL, DRIVE))
                   .expectEvents(new CallCompletedEvent(CALL, DRIVE));
        }

        @Test
        void openCallIsCompletedWhenTheDriveEndsBeforeTheBeginIsRecorded() {
            fixture.given(placed())
                   .when(new CompleteCallCommand(CALL, DRIVE))
                   .expectEvents(new CallCompletedEvent(CALL, DRIVE));
        }

        @Test
        void completingACompletedCallChangesNothing() {
            fixture.given(placed(), new RideBegunEvent(CALL, DRIVE), new CallCompletedEvent(CALL, DRIVE))
                   .when(new CompleteCallCommand(CALL, DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void completingACancelledCallChangesNothing() {
            fixture.given(placed(), new CallCancelledEvent(CALL, CancelReason.PASSENGER))
                   .when(new CompleteCallCommand(CALL, DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }
}
