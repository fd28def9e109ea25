package io.taxiride.command.drive;

import static io.taxiride.command.Refusals.refusedWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveNotAvailableEvent;
import io.taxiride.api.drive.DriveReleasedEvent;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.drive.EndDriveCommand;
import io.taxiride.api.drive.ReleaseDriveCommand;
import io.taxiride.api.drive.RequestDriveCommand;
import io.taxiride.api.drive.StartDriveCommand;

import java.math.BigDecimal;
import java.util.Optional;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DriveTest {

    private static final DriveId DRIVE = new DriveId("drive-1");
    private static final CallId CALL = new CallId("call-1");
    private static final DriverDispatch.Driver KIM = new DriverDispatch.Driver("Kim Minjun", "12-3456");

    private final DriverDispatch dispatch = mock(DriverDispatch.class);
    private FixtureConfiguration<Drive> fixture;

    @BeforeEach
    void setUp() {
        when(dispatch.findDriver(DRIVE)).thenReturn(Optional.of(KIM));
        fixture = new AggregateTestFixture<>(Drive.class);
        fixture.registerInjectableResource(new ServiceArea(new BigDecimal("100")));
        fixture.registerInjectableResource(dispatch);
    }

    private static RequestDriveCommand request(String distance) {
        return new RequestDriveCommand(DRIVE, CALL, new BigDecimal(distance));
    }

    private static DriveAssignedEvent assigned() {
        return new DriveAssignedEvent(DRIVE, CALL, KIM.name(), KIM.taxiNum());
    }

    @Nested
    class Requesting {

        @Test
        void freeDriverWithinTheServiceAreaIsAssigned() {
            fixture.givenNoPriorActivity()
                   .when(request("100"))
                   .expectEvents(assigned());
        }

        @Test
        void distanceBeyondTheServiceLimitFindsNoDriverWithoutAskingDispatch() {
            fixture.givenNoPriorActivity()
                   .when(request("100.01"))
                   .expectEvents(new DriveNotAvailableEvent(DRIVE, CALL, "beyond the service limit of 100 km"));
            verify(dispatch, never()).findDriver(any());
        }

        @Test
        void aRepeatedRequestKeepsTheDriverAlreadyAssigned() {
            fixture.given(assigned())
                   .when(request("10"))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
            verify(dispatch, never()).findDriver(any());
        }

        @Test
        void noFreeDriverIsRecordedAsNotAvailable() {
            when(dispatch.findDriver(DRIVE)).thenReturn(Optional.empty());

            fixture.givenNoPriorActivity()
                   .when(request("10"))
                   .expectEvents(new DriveNotAvailableEvent(DRIVE, CALL, "no driver is free"));
        }
    }

    @Nested
    class Starting {

        @Test
        void assignedDriveStarts() {
            fixture.given(assigned())
                   .when(new StartDriveCommand(DRIVE))
                   .expectEvents(new DriveStartedEvent(DRIVE, CALL));
        }

        @Test
        void startedDriveCannotStartAgain() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new StartDriveCommand(DRIVE))
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void releasedDriveCannotStart() {
            fixture.given(assigned(), new DriveReleasedEvent(DRIVE, CALL))
                   .when(new StartDriveCommand(DRIVE))
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void driveWithoutADriverCannotStart() {
            fixture.given(new DriveNotAvailableEvent(DRIVE, CALL, "no driver is free"))
                   .when(new StartDriveCommand(DRIVE))
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }
    }

    @Nested
    class Ending {

        @Test
        void startedDriveEnds() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE))
                   .expectEvents(new DriveEndedEvent(DRIVE, CALL));
        }

        @Test
        void assignedDriveCannotEndBeforeItStarts() {
            fixture.given(assigned())
                   .when(new EndDriveCommand(DRIVE))
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void endedDriveCannotEndAgain() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL), new DriveEndedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE))
                   .expectNoEvents()
                   .expectException(refusedWith(ErrorCode.DRIVE_WRONG_STATE));
        }

        @Test
        void releasedDriveCannotEnd() {
            fixture.given(assigned(), new DriveStartedEvent(DRIVE, CALL), new DriveReleasedEvent(DRIVE, CALL))
                   .when(new EndDriveCommand(DRIVE))
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
