package io.taxiride.command.drive;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

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
import io.taxiride.command.CommandRefusedException;
import io.taxiride.security.Actor;
import io.taxiride.security.Role;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A driver's trip for one call: assigned, started, ended; or released when the call is cancelled, even after the start
 * if the cancel reached the call first. A stream that holds a DriveNotAvailableEvent still loads, as NOT_AVAILABLE;
 * no command of the drive records one: a drive exists only for the driver who took it.
 */
@Aggregate(cache = "aggregateCache")
class Drive {

    enum State { ASSIGNED, NOT_AVAILABLE, STARTED, ENDED, RELEASED }

    @AggregateIdentifier
    private DriveId driveId;
    private CallId callId;
    /** Null for a drive assigned before drivers were actors: no driver may start or end it. */
    private DriverId driverId;
    private State state;

    protected Drive() {
    }

    /**
     * The driver who won the call holds the drive from here. Sent again (the saga retrying), it finds the drive
     * assigned and changes nothing.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AssignDriveCommand command) {
        if (state != null) {
            return;
        }
        apply(new DriveAssignedEvent(command.driveId(), command.callId(), command.driverName(), command.taxiNumber(),
                                     command.driverId(), command.position()));
    }

    @CommandHandler
    void handle(StartDriveCommand command, MetaData metaData) {
        requireOwnDrive(metaData);
        requireState(State.ASSIGNED, "started");
        apply(new DriveStartedEvent(driveId, callId));
    }

    @CommandHandler
    void handle(EndDriveCommand command, MetaData metaData) {
        requireOwnDrive(metaData);
        requireState(State.STARTED, "ended");
        apply(new DriveEndedEvent(driveId, callId));
    }

    @CommandHandler
    void handle(ReleaseDriveCommand command) {
        if (state == State.ASSIGNED || state == State.STARTED) {
            apply(new DriveReleasedEvent(driveId, callId));
        }
    }

    @EventSourcingHandler
    void on(DriveAssignedEvent event) {
        driveId = event.driveId();
        callId = event.callId();
        driverId = event.driverId();
        state = State.ASSIGNED;
    }

    @EventSourcingHandler
    void on(DriveNotAvailableEvent event) {
        driveId = event.driveId();
        callId = event.callId();
        state = State.NOT_AVAILABLE;
    }

    @EventSourcingHandler
    void on(DriveStartedEvent event) {
        state = State.STARTED;
    }

    @EventSourcingHandler
    void on(DriveEndedEvent event) {
        state = State.ENDED;
    }

    @EventSourcingHandler
    void on(DriveReleasedEvent event) {
        state = State.RELEASED;
    }

    /**
     * Only the drive's driver, an operator (for a driver whose app cannot), or the platform may start or end it.
     * Anyone else is answered as if the drive did not exist, before its state is looked at, so the answer tells them
     * nothing about it.
     */
    private void requireOwnDrive(MetaData metaData) {
        Actor actor = Actor.from(metaData).orElse(null);
        boolean allowed = actor != null && (actor.is(Role.PLATFORM) || actor.is(Role.OPERATOR)
                || actor.is(Role.DRIVER) && driverId != null && actor.id().equals(driverId.value()));
        if (!allowed) {
            throw CommandRefusedException.notFound(ErrorCode.DRIVE_NOT_FOUND, driveId);
        }
    }

    private void requireState(State required, String verb) {
        if (state != required) {
            throw new CommandRefusedException(ErrorCode.DRIVE_WRONG_STATE,
                                              "Drive " + driveId + " is " + state + " and cannot be " + verb);
        }
    }
}
