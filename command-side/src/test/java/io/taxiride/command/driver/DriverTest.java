package io.taxiride.command.driver;

import static io.taxiride.command.Refusals.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverFreedEvent;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.DriverMovedEvent;
import io.taxiride.api.driver.DriverRegisteredEvent;
import io.taxiride.api.driver.DriverWentOfflineEvent;
import io.taxiride.api.driver.DriverWentOnlineEvent;
import io.taxiride.api.driver.FreeDriverCommand;
import io.taxiride.api.driver.GoOfflineCommand;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.OfferDroppedEvent;
import io.taxiride.api.driver.OfferRideCommand;
import io.taxiride.api.driver.OfferWithdrawnEvent;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.api.driver.RideOfferRefusedEvent;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.driver.RideTakenEvent;
import io.taxiride.api.driver.TakeRideCommand;
import io.taxiride.api.driver.WithdrawOfferCommand;
import io.taxiride.api.geo.Position;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DriverTest {

    private static final DriverId DRIVER = new DriverId("driver-1");
    private static final CallId CALL = new CallId("call-1");
    private static final DriveId DRIVE = new DriveId("drive-1");
    private static final CallId OTHER_CALL = new CallId("call-2");
    private static final DriveId OTHER_DRIVE = new DriveId("drive-2");
    private static final Position CITY_HALL = new Position(37.5663, 126.9779);
    private static final Position GANGNAM = new Position(37.4979, 127.0276);
    private static final Position PICKUP = new Position(37.5700, 126.9800);
    private static final Position DROPOFF = new Position(37.5100, 127.1000);
    private static final Instant EXPIRES = Instant.parse("2025-06-01T09:00:15Z");
    private static final Instant SEEN = Instant.parse("2025-06-01T08:55:00Z");
    private static final Instant ACCEPTED = Instant.parse("2025-06-01T09:00:05Z");

    private FixtureConfiguration<Driver> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Driver.class);
    }

    private static DriverRegisteredEvent registered() {
        return new DriverRegisteredEvent(DRIVER, "Kim Minjun", "12-3456");
    }

    private static DriverWentOnlineEvent online() {
        return new DriverWentOnlineEvent(DRIVER, CITY_HALL);
    }

    private static OfferRideCommand offer(CallId call, DriveId drive) {
        return new OfferRideCommand(DRIVER, call, drive, PICKUP, DROPOFF, new BigDecimal("8.5"), 13300, EXPIRES);
    }

    private static RideOfferedEvent offered(CallId call, DriveId drive) {
        return new RideOfferedEvent(DRIVER, call, drive, PICKUP, DROPOFF, new BigDecimal("8.5"), 13300, EXPIRES);
    }

    private static RideTakenEvent taken(CallId call, DriveId drive, Position position) {
        return new RideTakenEvent(DRIVER, call, drive, "Kim Minjun", "12-3456", position);
    }

    /** Taken without a position from the app: where the Driver was last known, since {@code seen}. */
    private static RideTakenEvent takenWhereSeen(CallId call, DriveId drive, Position position, Instant seen) {
        return new RideTakenEvent(DRIVER, call, drive, "Kim Minjun", "12-3456", position, seen);
    }

    @Nested
    class Registering {

        @Test
        void newDriverIsRegisteredOffline() {
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, "Kim Minjun", "12-3456"))
                   .expectEvents(registered())
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.OFFLINE));
        }

        /** The id is the token's subject: a request sent again is a duplicate too, and adds nothing. */
        @Test
        void registeringAgainWithTheSameNameAndTaxiIsADuplicate() {
            fixture.given(registered())
                   .when(new RegisterDriverCommand(DRIVER, "Kim Minjun", "12-3456"))
                   .expectException(refusedWith(ErrorCode.DUPLICATE_ID))
                   .expectNoEvents();
        }

        @Test
        void registeringTheSameIdWithAnotherNameIsADuplicate() {
            fixture.given(registered())
                   .when(new RegisterDriverCommand(DRIVER, "Lee Seoyeon", "12-3456"))
                   .expectException(refusedWith(ErrorCode.DUPLICATE_ID))
                   .expectNoEvents();
        }

        @Test
        void registeringTheSameIdWithAnotherTaxiIsADuplicate() {
            fixture.given(registered())
                   .when(new RegisterDriverCommand(DRIVER, "Kim Minjun", "99-9999"))
                   .expectException(refusedWith(ErrorCode.DUPLICATE_ID))
                   .expectNoEvents();
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   "})
        void blankNameIsInvalid(String name) {
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, name, "12-3456"))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   "})
        void blankTaxiNumberIsInvalid(String taxiNumber) {
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, "Kim Minjun", taxiNumber))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        @ParameterizedTest
        @ValueSource(strings = {"Han\u0000", "Han\tJisoo", "\u007fHan", "Han \udc00"})
        void aControlCharacterInANameOrTaxiNumberIsRefused(String text) {
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, text, "12-3456"))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, "Kim Minjun", text))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }

        @Test
        void nameOfAHundredCharactersIsTheLongestAllowed() {
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, "n".repeat(100), "12-3456"))
                   .expectSuccessfulHandlerExecution();
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, "n".repeat(101), "12-3456"))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST));
        }

        @Test
        void taxiNumberOfTwentyCharactersIsTheLongestAllowed() {
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, "Kim Minjun", "t".repeat(20)))
                   .expectSuccessfulHandlerExecution();
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, "Kim Minjun", "t".repeat(21)))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST));
        }
    }

    @Nested
    class GoingOnlineAndMoving {

        @Test
        void offlineDriverGoesOnlineWhereTheyAre() {
            fixture.given(registered())
                   .when(new GoOnlineCommand(DRIVER, CITY_HALL))
                   .expectEvents(online())
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.AVAILABLE));
        }

        @Test
        void goingOnlineWhenOnlineAlreadyIsAMove() {
            fixture.given(registered(), online())
                   .when(new GoOnlineCommand(DRIVER, GANGNAM))
                   .expectEvents(new DriverMovedEvent(DRIVER, GANGNAM));
        }

        /** The app's reports are telemetry that the query side writes onto the driver-view, never the Driver's events. */
        @Test
        void theAppsPositionReportsAreNotTheDriversToHandle() {
            fixture.given(registered(), online())
                   .when(new MoveDriverCommand(DRIVER, GANGNAM))
                   .expectException(NoHandlerForCommandException.class)
                   .expectNoEvents();
        }

        @Test
        void positionOutOfRangeIsInvalidAndChangesNothing() {
            for (Position invalid : List.of(new Position(90.01, 0), new Position(-90.01, 0), new Position(0, 180.01),
                                            new Position(0, -180.01), new Position(Double.NaN, 0),
                                            new Position(0, Double.POSITIVE_INFINITY))) {
                fixture.given(registered(), online())
                       .when(new GoOnlineCommand(DRIVER, invalid))
                       .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                       .expectNoEvents();
                fixture.given(registered())
                       .when(new GoOnlineCommand(DRIVER, invalid))
                       .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                       .expectNoEvents();
            }
        }

        @Test
        void theEdgesOfTheRangeAreValid() {
            fixture.given(registered())
                   .when(new GoOnlineCommand(DRIVER, new Position(-90, 180)))
                   .expectEvents(new DriverWentOnlineEvent(DRIVER, new Position(-90, 180)));
        }

        @Test
        void missingPositionIsInvalid() {
            fixture.given(registered())
                   .when(new GoOnlineCommand(DRIVER, null))
                   .expectException(refusedWith(ErrorCode.INVALID_REQUEST))
                   .expectNoEvents();
        }
    }

    @Nested
    class GoingOffline {

        @Test
        void availableDriverGoesOffline() {
            fixture.given(registered(), online())
                   .when(new GoOfflineCommand(DRIVER))
                   .expectEvents(new DriverWentOfflineEvent(DRIVER))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.OFFLINE));
        }

        @Test
        void offlineDriverGoingOfflineChangesNothing() {
            fixture.given(registered())
                   .when(new GoOfflineCommand(DRIVER))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void anOfferHeldIsDroppedOnTheWay() {
            fixture.given(registered(), online(), offered(CALL, DRIVE))
                   .when(new GoOfflineCommand(DRIVER))
                   .expectEvents(new OfferDroppedEvent(DRIVER, CALL), new DriverWentOfflineEvent(DRIVER))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.OFFLINE));
        }

        @Test
        void driverOnARideCannotGoOffline() {
            fixture.given(registered(), online(), taken(CALL, DRIVE, CITY_HALL))
                   .when(new GoOfflineCommand(DRIVER))
                   .expectException(refusedWith(ErrorCode.DRIVER_ON_RIDE))
                   .expectNoEvents();
        }
    }

    @Nested
    class Offers {

        @Test
        void availableDriverHoldsTheOffer() {
            fixture.given(registered(), online())
                   .when(offer(CALL, DRIVE))
                   .expectEvents(offered(CALL, DRIVE))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.OFFERED));
        }

        @Test
        void theSameOfferAgainChangesNothing() {
            fixture.given(registered(), online(), offered(CALL, DRIVE))
                   .when(offer(CALL, DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void driverHoldingAnotherOfferRefusesIt() {
            fixture.given(registered(), online(), offered(CALL, DRIVE))
                   .when(offer(OTHER_CALL, OTHER_DRIVE))
                   .expectEvents(new RideOfferRefusedEvent(DRIVER, OTHER_CALL))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.OFFERED));
        }

        @Test
        void offlineDriverRefusesIt() {
            fixture.given(registered())
                   .when(offer(CALL, DRIVE))
                   .expectEvents(new RideOfferRefusedEvent(DRIVER, CALL));
        }

        @Test
        void driverOnARideRefusesIt() {
            fixture.given(registered(), online(), taken(CALL, DRIVE, CITY_HALL))
                   .when(offer(OTHER_CALL, OTHER_DRIVE))
                   .expectEvents(new RideOfferRefusedEvent(DRIVER, OTHER_CALL));
        }

        @Test
        void driverWhoseOfferWasWithdrawnIsAvailableForTheNext() {
            fixture.given(registered(), online(), offered(CALL, DRIVE), new OfferWithdrawnEvent(DRIVER, CALL))
                   .when(offer(OTHER_CALL, OTHER_DRIVE))
                   .expectEvents(offered(OTHER_CALL, OTHER_DRIVE));
        }

        @Test
        void theOfferHeldIsWithdrawn() {
            fixture.given(registered(), online(), offered(CALL, DRIVE))
                   .when(new WithdrawOfferCommand(DRIVER, CALL))
                   .expectEvents(new OfferWithdrawnEvent(DRIVER, CALL))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.AVAILABLE));
        }

        @Test
        void withdrawingAnOfferNotHeldChangesNothing() {
            fixture.given(registered(), online(), offered(OTHER_CALL, OTHER_DRIVE))
                   .when(new WithdrawOfferCommand(DRIVER, CALL))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void withdrawingAnOfferTwiceChangesNothing() {
            fixture.given(registered(), online(), offered(CALL, DRIVE), new OfferWithdrawnEvent(DRIVER, CALL))
                   .when(new WithdrawOfferCommand(DRIVER, CALL))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }

    @Nested
    class TakingARide {

        @Test
        void driverTakesTheRideWhereTheyAccepted() {
            fixture.given(registered(), online(), offered(CALL, DRIVE))
                   .when(new TakeRideCommand(DRIVER, CALL, DRIVE, GANGNAM))
                   .expectEvents(taken(CALL, DRIVE, GANGNAM));
        }

        /** Without a position from the app, the next ride starts where the driver took the last one. */
        @Test
        void theNextRideStartsWhereTheDriverTookTheLastOneWhenTheAppSaysNothing() {
            fixture.givenCurrentTime(SEEN)
                   .andGiven(registered(), online(), taken(CALL, DRIVE, GANGNAM),
                             new DriverFreedEvent(DRIVER, CALL, DRIVE))
                   .andGivenCurrentTime(ACCEPTED)
                   .when(new TakeRideCommand(DRIVER, OTHER_CALL, OTHER_DRIVE))
                   .expectEvents(takenWhereSeen(OTHER_CALL, OTHER_DRIVE, GANGNAM, SEEN));
        }

        @Test
        void driverHoldingTheCallsOfferTakesTheRideWhereTheyAreNow() {
            fixture.givenCurrentTime(SEEN)
                   .andGiven(registered(), online(), offered(CALL, DRIVE), new DriverMovedEvent(DRIVER, GANGNAM))
                   .andGivenCurrentTime(ACCEPTED)
                   .when(new TakeRideCommand(DRIVER, CALL, DRIVE))
                   .expectEvents(takenWhereSeen(CALL, DRIVE, GANGNAM, SEEN))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.ON_RIDE));
        }

        @Test
        void availableDriverTakesTheRide() {
            fixture.givenCurrentTime(SEEN)
                   .andGiven(registered(), online())
                   .andGivenCurrentTime(ACCEPTED)
                   .when(new TakeRideCommand(DRIVER, CALL, DRIVE))
                   .expectEvents(takenWhereSeen(CALL, DRIVE, CITY_HALL, SEEN));
        }

        @Test
        void driverWhoWentOfflineAfterAcceptingStillTakesTheRide() {
            fixture.givenCurrentTime(SEEN)
                   .andGiven(registered(), online(), offered(CALL, DRIVE), new OfferDroppedEvent(DRIVER, CALL),
                             new DriverWentOfflineEvent(DRIVER))
                   .andGivenCurrentTime(ACCEPTED)
                   .when(new TakeRideCommand(DRIVER, CALL, DRIVE))
                   .expectEvents(takenWhereSeen(CALL, DRIVE, CITY_HALL, SEEN))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.ON_RIDE));
        }

        @Test
        void driverNeverOnlineTakesTheRideWithoutAPosition() {
            fixture.given(registered())
                   .when(new TakeRideCommand(DRIVER, CALL, DRIVE))
                   .expectEvents(taken(CALL, DRIVE, null));
        }

        @Test
        void takingTheSameRideAgainChangesNothing() {
            fixture.given(registered(), online(), taken(CALL, DRIVE, CITY_HALL))
                   .when(new TakeRideCommand(DRIVER, CALL, DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void driverHoldingAnotherDriveCannotTakeASecond() {
            fixture.given(registered(), online(), taken(CALL, DRIVE, CITY_HALL))
                   .when(new TakeRideCommand(DRIVER, OTHER_CALL, OTHER_DRIVE))
                   .expectException(refusedWith(ErrorCode.DRIVER_ON_RIDE))
                   .expectNoEvents();
        }

        @Test
        void anotherCallsOfferHeldIsDroppedFirst() {
            fixture.givenCurrentTime(SEEN)
                   .andGiven(registered(), online(), offered(OTHER_CALL, OTHER_DRIVE))
                   .when(new TakeRideCommand(DRIVER, CALL, DRIVE))
                   .expectEvents(new OfferDroppedEvent(DRIVER, OTHER_CALL),
                                 takenWhereSeen(CALL, DRIVE, CITY_HALL, SEEN));
        }

        @Test
        void takingARideClearsTheOfferSoItsWithdrawalChangesNothing() {
            fixture.given(registered(), online(), offered(CALL, DRIVE), taken(CALL, DRIVE, CITY_HALL))
                   .when(new WithdrawOfferCommand(DRIVER, CALL))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }

    @Nested
    class Freeing {

        @Test
        void driverOfTheDriveIsFreedAndAvailable() {
            fixture.given(registered(), online(), taken(CALL, DRIVE, CITY_HALL))
                   .when(new FreeDriverCommand(DRIVER, CALL, DRIVE))
                   .expectEvents(new DriverFreedEvent(DRIVER, CALL, DRIVE))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.AVAILABLE));
        }

        @Test
        void driverWhoTookTheRideOfflineIsFreedOffline() {
            fixture.given(registered(), taken(CALL, DRIVE, null))
                   .when(new FreeDriverCommand(DRIVER, CALL, DRIVE))
                   .expectEvents(new DriverFreedEvent(DRIVER, CALL, DRIVE))
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.OFFLINE));
        }

        @Test
        void freeingForAnotherDriveChangesNothing() {
            fixture.given(registered(), online(), taken(CALL, DRIVE, CITY_HALL))
                   .when(new FreeDriverCommand(DRIVER, OTHER_CALL, OTHER_DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents()
                   .expectState(driver -> assertThat(driver.status()).isEqualTo(Driver.Status.ON_RIDE));
        }

        @Test
        void freeingTwiceChangesNothing() {
            fixture.given(registered(), online(), taken(CALL, DRIVE, CITY_HALL),
                          new DriverFreedEvent(DRIVER, CALL, DRIVE))
                   .when(new FreeDriverCommand(DRIVER, CALL, DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void freedDriverHoldsTheNextOffer() {
            fixture.given(registered(), online(), taken(CALL, DRIVE, CITY_HALL),
                          new DriverFreedEvent(DRIVER, CALL, DRIVE))
                   .when(offer(OTHER_CALL, OTHER_DRIVE))
                   .expectEvents(offered(OTHER_CALL, OTHER_DRIVE));
        }
    }

    @Nested
    class UnknownDriver {

        @Test
        void commandsOtherThanRegisterFindNoDriver() {
            fixture.givenNoPriorActivity()
                   .when(new GoOnlineCommand(DRIVER, CITY_HALL))
                   .expectException(AggregateNotFoundException.class)
                   .expectNoEvents();
        }
    }

    /**
     * The snapshotter stores the aggregate itself through the Jackson serializer; loading reads it back. The
     * serializer's ObjectMapper is Spring's, as Axon's auto-configuration takes it.
     */
    @Nested
    class Snapshots {

        private final JacksonSerializer serializer = JacksonSerializer.builder()
                                                                      .objectMapper(Jackson2ObjectMapperBuilder.json()
                                                                                                               .build())
                                                                      .build();

        @Test
        void theAggregateNamesTheSnapshotTriggerConfiguredForIt() {
            assertThat(Driver.class.getAnnotation(Aggregate.class).snapshotTriggerDefinition())
                    .isEqualTo("driverSnapshotTrigger");
        }

        private Driver roundTrip(Driver driver) {
            SerializedObject<String> snapshot = serializer.serialize(driver, String.class);
            return serializer.deserialize(snapshot);
        }

        @Test
        void aDriverHoldingAnOfferReadsBackWithEveryField() {
            AtomicReference<Driver> state = new AtomicReference<>();
            fixture.given(registered(), online(), new DriverMovedEvent(DRIVER, GANGNAM))
                   .when(offer(CALL, DRIVE))
                   .expectState(state::set);

            Driver restored = roundTrip(state.get());

            assertThat(restored).usingRecursiveComparison().isEqualTo(state.get());
            assertThat(restored.status()).isEqualTo(Driver.Status.OFFERED);
        }

        @Test
        void aDriverOnARideReadsBackOnTheRide() {
            AtomicReference<Driver> state = new AtomicReference<>();
            fixture.given(registered(), online(), offered(CALL, DRIVE))
                   .when(new TakeRideCommand(DRIVER, CALL, DRIVE))
                   .expectState(state::set);

            Driver restored = roundTrip(state.get());

            assertThat(restored).usingRecursiveComparison().isEqualTo(state.get());
            assertThat(restored.status()).isEqualTo(Driver.Status.ON_RIDE);
        }

        @Test
        void aDriverNeverOnlineReadsBackWithoutAPosition() {
            AtomicReference<Driver> state = new AtomicReference<>();
            fixture.givenNoPriorActivity()
                   .when(new RegisterDriverCommand(DRIVER, "Kim Minjun", "12-3456"))
                   .expectState(state::set);

            Driver restored = roundTrip(state.get());

            assertThat(restored).usingRecursiveComparison().isEqualTo(state.get());
            assertThat(restored.status()).isEqualTo(Driver.Status.OFFLINE);
        }
    }
}
