package io.taxiride.command.drive;

import static io.taxiride.command.Refusals.refusedWith;
import static io.taxiride.command.Refusals.unknown;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.AssignDriveCommand;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveNotAvailableEvent;
import io.taxiride.api.drive.DriveReleasedEvent;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.drive.EndDriveCommand;
import io.taxiride.api.drive.ReleaseDriveCommand;
import io.taxiride.api.drive.StartDriveCommand;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;
import io.taxiride.security.Actor;

import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DriveTest {

    private static final DriveId DRIVE = new DriveId("drive-1");
    private static final CallId CALL = new CallId("call-1");
    private static final DriverId KIM = new DriverId("driver-1");
    private static final Position CITY_HALL = new Position(37.5663, 126.9779);
    private static final MetaData BY_KIM = Actor.driver(KIM.value()).metaData();
    private static final MetaData BY_LEE = Actor.driver("driver-2").metaData();

    private FixtureConfiguration<Drive> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Drive.class);
    }

    private static AssignDriveCommand assign(DriverId driver, String name) {
        return new AssignDriveCommand(DRIVE, CALL, driver, name, "12-3456", CITY_HALL);
    }

    private static DriveAssignedEvent assigned() {
        return new DriveAssignedEvent(DRIVE, CALL, "Kim Minjun", "12-3456", KIM, CITY_HALL);
    }

    @Nested
    class Assigning {

        @Test
        void theDriverWhoTookTheRideIsAssignedWithTheirPosition() {
            fixture.givenNoPriorActivity()
                   .when(assign(KIM, "Kim Minjun"))
                   .expectSuccessfulHandlerExecution()
                   .expectEvents(assigned());
        }

        @Test
        void assigningAgainKeepsTheDriverAlreadyAssigned() {
            fixture.given(assigned())
                   .when(assign(new DriverId("driver-2"), "Lee Seoyeon"))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void assigningAStartedDriveChangesNothing() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(assign(KIM, "Kim Minjun"))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void aDriveRecordedAsNotAvailableStillLoadsAndIsNotAssigned() {
            fixture.given(new DriveNotAvailableEvent(DRIVE, CALL, "no driver is free"))
                   .when(assign(KIM, "Kim Minjun"))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }

    @Nested
    class Starting {

        @Test
        void assignedDriveStarts() {
            fixture.given(assigned())
                   .when(new StartDriveCommand(DRIVE), BY_KIM)
                   .expectEvents(new DriveStartedEvent(DRIVE, CALL));
        }

        @Test
        void thePlatformMayStartIt() {
            fixture.given(assigned())
                   .when(new StartDriveCommand(DRIVE), Actor.PLATFORM.metaData())
                   .expectEvents(new DriveStartedEvent(DRIVE, CALL));
        }

        @Test
        void anotherDriversStartIsAnsweredAsAnUnknownDriveAndChangesNothing() {
            fixture.given(assigned())
                   .when(new StartDriveCommand(DRIVE), BY_LEE)
                   .expectException(unknown(ErrorCode.DRIVE_NOT_FOUND, DRIVE))
                   .expectNoEvents();
        }

        /** Not DRIVE_WRONG_STATE: that would tell another driver the drive exists, and how far it got. */
        @Test
        void anotherDriverLearnsNothingOfADriveThatCannotStart() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new StartDriveCommand(DRIVE), BY_LEE)
                   .expectException(unknown(ErrorCode.DRIVE_NOT_FOUND, DRIVE))
                   .expectNoEvents();
        }

        @Test
        void aPassengerCannotStartIt() {
            fixture.given(assigned())
                   .when(new StartDriveCommand(DRIVE), Actor.passenger(KIM.value()).metaData())
                   .expectException(unknown(ErrorCode.DRIVE_NOT_FOUND, DRIVE))
                   .expectNoEvents();
        }

        /** For a driver whose app cannot: an operator acts for them, as the ride's timeline then shows. */
        @Test
        void anOperatorMayStartIt() {
            fixture.given(assigned())
                   .when(new StartDriveCommand(DRIVE), Actor.operator("op-1").metaData())
                   .expectEvents(new DriveStartedEvent(DRIVE, CALL));
        }

        @Test
        void aStartThatNamesNoActorIsRefused() {
            fixture.given(assigned())
                   .when(new StartDriveCommand(DRIVE))
                   .expectException(unknown(ErrorCode.DRIVE_NOT_FOUND, DRIVE))
                   .expectNoEvents();
        }

        @Test
        void aDriveWithoutADriverIdIsNoDriversToStart() {
            fixture.given(new DriveAssignedEvent(DRIVE, CALL, "Kim Minjun", "12-3456", null, null))
                   .when(new StartDriveCommand(DRIVE), BY_KIM)
                   .expectException(unknown(ErrorCode.DRIVE_NOT_FOUND, DRIVE))
                   .expectNoEvents();
        }

        @Test
        void startedDriveCannotStartAgain() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new StartDriveCommand(DRIVE), BY_KIM)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void releasedDriveCannotStart() {
            fixture.given(assigned(), new DriveReleasedEvent(DRIVE, CALL))
                   .when(new StartDriveCommand(DRIVE), BY_KIM)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void driveWithoutADriverCannotStart() {
            fixture.given(new DriveNotAvailableEvent(DRIVE, CALL, "no driver is free"))
                   .when(new StartDriveCommand(DRIVE), Actor.PLATFORM.metaData())
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }
    }

    @Nested
    class Ending {

        @Test
        void startedDriveEnds() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE), BY_KIM)
                   .expectEvents(new DriveEndedEvent(DRIVE, CALL));
        }

        @Test
        void thePlatformMayEndIt() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE), Actor.PLATFORM.metaData())
                   .expectEvents(new DriveEndedEvent(DRIVE, CALL));
        }

        @Test
        void anOperatorMayEndIt() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE), Actor.operator("op-1").metaData())
                   .expectEvents(new DriveEndedEvent(DRIVE, CALL));
        }

        @Test
        void anOperatorCannotEndADriveThatHasNotStarted() {
            fixture.given(assigned())
                   .when(new EndDriveCommand(DRIVE), Actor.operator("op-1").metaData())
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void anotherDriversEndIsAnsweredAsAnUnknownDriveAndChangesNothing() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE), BY_LEE)
                   .expectException(unknown(ErrorCode.DRIVE_NOT_FOUND, DRIVE))
                   .expectNoEvents();
        }

        @Test
        void assignedDriveCannotEndBeforeItStarts() {
            fixture.given(assigned())
                   .when(new EndDriveCommand(DRIVE), BY_KIM)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void endedDriveCannotEndAgain() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL), new DriveEndedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE), BY_KIM)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void releasedDriveCannotEnd() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL), new DriveReleasedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE), BY_KIM)
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }
    }

    @Nested
    class Releasing {

        @Test
        void assignedDriveIsReleased() {
            fixture.given(assigned())
                   .when(new ReleaseDriveCommand(DRIVE))
                   .expectEvents(new DriveReleasedEvent(DRIVE, CALL));
        }

        @Test
        void startedDriveIsReleased() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new ReleaseDriveCommand(DRIVE))
                   .expectEvents(new DriveReleasedEvent(DRIVE, CALL));
        }

        @Test
        void releasingAReleasedDriveChangesNothing() {
            fixture.given(assigned(), new DriveReleasedEvent(DRIVE, CALL))
                   .when(new ReleaseDriveCommand(DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void releasingAnEndedDriveChangesNothing() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL), new DriveEndedEvent(DRIVE, CALL))
                   .when(new ReleaseDriveCommand(DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void releasingADriveWithoutADriverChangesNothing() {
            fixture.given(new DriveNotAvailableEvent(DRIVE, CALL, "no driver is free"))
                   .when(new ReleaseDriveCommand(DRIVE))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }
    }
}
