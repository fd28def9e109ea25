package io.taxiride.command.driver;

import static io.taxiride.command.CommandText.requireText;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

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
import io.taxiride.command.CommandRefusedException;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import java.time.Instant;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A driver's side of the rides: OFFLINE, AVAILABLE while online, OFFERED while holding one call's offer, ON_RIDE while
 * holding a drive. A driver holds at most one offer and one drive, so two calls never reach the same driver at once.
 * The Driver records the positions that decide something: where the driver went online and where they took a ride (as
 * their app said when accepting). The positions the app reports in between are telemetry, written onto the
 * driver-view by the query side ({@code MoveDriverCommand}), not events: a fleet reports thousands a second. The
 * aggregate is snapshotted every so many events, and its fields are what the snapshot holds.
 */
@Aggregate(cache = "aggregateCache", snapshotTriggerDefinition = "driverSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Driver {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_TAXI_NUMBER_LENGTH = 20;

    enum Status { OFFLINE, AVAILABLE, OFFERED, ON_RIDE }

    @AggregateIdentifier
    private DriverId driverId;
    private String name;
    private String taxiNumber;
    private boolean online;
    /** Null until the driver first goes online. */
    private Position position;
    /** When the driver was at {@code position}: the time of the event that recorded it. */
    private Instant positionAt;
    private CallId offerCallId;
    private DriveId offerDriveId;
    private DriveId rideDriveId;

    protected Driver() {
    }

    /**
     * A driver's id is their token's subject, so a driver registers once: registering again, with any details, is
     * refused as a duplicate, which tells the driver only that they are registered.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterDriverCommand command) {
        if (name != null) {
            throw new CommandRefusedException(ErrorCode.DUPLICATE_ID, "Driver " + driverId + " is registered already");
        }
        requireText(command.name(), "name", MAX_NAME_LENGTH);
        requireText(command.taxiNumber(), "taxiNumber", MAX_TAXI_NUMBER_LENGTH);
        apply(new DriverRegisteredEvent(command.driverId(), command.name(), command.taxiNumber()));
    }

    @CommandHandler
    void handle(GoOnlineCommand command) {
        requireValid(command.position());
        if (online) {
            apply(new DriverMovedEvent(driverId, command.position()));
        } else {
            apply(new DriverWentOnlineEvent(driverId, command.position()));
        }
    }

    /** An offer held is dropped on the way, which counts as declining it; a drive held must be ended first. */
    @CommandHandler
    void handle(GoOfflineCommand command) {
        if (!online) {
            return;
        }
        if (rideDriveId != null) {
            throw new CommandRefusedException(ErrorCode.DRIVER_ON_RIDE, "Driver " + driverId + " holds drive "
                    + rideDriveId + ": end it before going offline");
        }
        if (offerCallId != null) {
            apply(new OfferDroppedEvent(driverId, offerCallId));
        }
        apply(new DriverWentOfflineEvent(driverId));
    }

    /**
     * The read model that named this driver may be behind: a driver no longer available records the refusal, which
     * the call takes as an offer that never reached anyone.
     */
    @CommandHandler
    void handle(OfferRideCommand command) {
        if (command.callId().equals(offerCallId)) {
            return;
        }
        if (status() == Status.AVAILABLE) {
            apply(new RideOfferedEvent(driverId, command.callId(), command.driveId(), command.pickup(),
                                       command.dropoff(), command.distance(), command.fare(), command.expiresAt()));
        } else {
            apply(new RideOfferRefusedEvent(driverId, command.callId()));
        }
    }

    @CommandHandler
    void handle(WithdrawOfferCommand command) {
        if (command.callId().equals(offerCallId)) {
            apply(new OfferWithdrawnEvent(driverId, command.callId()));
        }
    }

    /**
     * The call has decided this driver won it, so the driver takes the ride whatever else they did meanwhile: another
     * offer held is dropped, and a driver who went offline after accepting still drives. Only a driver holding another
     * drive cannot.
     */
    @CommandHandler
    void handle(TakeRideCommand command) {
        if (command.driveId().equals(rideDriveId)) {
            return;
        }
        if (rideDriveId != null) {
            throw new CommandRefusedException(ErrorCode.DRIVER_ON_RIDE, "Driver " + driverId + " holds drive "
                    + rideDriveId + " and cannot take another");
        }
        if (offerCallId != null && !offerCallId.equals(command.callId())) {
            apply(new OfferDroppedEvent(driverId, offerCallId));
        }
        if (command.position() != null) {
            apply(new RideTakenEvent(driverId, command.callId(), command.driveId(), name, taxiNumber,
                                     command.position()));
        } else {
            apply(new RideTakenEvent(driverId, command.callId(), command.driveId(), name, taxiNumber, position,
                                     positionAt));
        }
    }

    @CommandHandler
    void handle(FreeDriverCommand command) {
        if (command.driveId().equals(rideDriveId)) {
            apply(new DriverFreedEvent(driverId, command.callId(), command.driveId()));
        }
    }

    @EventSourcingHandler
    void on(DriverRegisteredEvent event) {
        driverId = event.driverId();
        name = event.name();
        taxiNumber = event.taxiNumber();
    }

    @EventSourcingHandler
    void on(DriverWentOnlineEvent event, @Timestamp Instant at) {
        online = true;
        position = event.position();
        positionAt = at;
    }

    /** Going online again while online moves the driver; earlier streams hold the app's reports too. */
    @EventSourcingHandler
    void on(DriverMovedEvent event, @Timestamp Instant at) {
        position = event.position();
        positionAt = at;
    }

    @EventSourcingHandler
    void on(DriverWentOfflineEvent event) {
        online = false;
    }

    @EventSourcingHandler
    void on(RideOfferedEvent event) {
        offerCallId = event.callId();
        offerDriveId = event.driveId();
    }

    @EventSourcingHandler
    void on(OfferWithdrawnEvent event) {
        clearOffer();
    }

    @EventSourcingHandler
    void on(OfferDroppedEvent event) {
        clearOffer();
    }

    @EventSourcingHandler
    void on(RideTakenEvent event, @Timestamp Instant at) {
        clearOffer();
        rideDriveId = event.driveId();
        if (event.position() != null) {
            position = event.position();
            positionAt = event.positionAt() != null ? event.positionAt() : at;
        }
    }

    @EventSourcingHandler
    void on(DriverFreedEvent event) {
        rideDriveId = null;
    }

    Status status() {
        if (rideDriveId != null) {
            return Status.ON_RIDE;
        }
        if (offerCallId != null) {
            return Status.OFFERED;
        }
        return online ? Status.AVAILABLE : Status.OFFLINE;
    }

    private void clearOffer() {
        offerCallId = null;
        offerDriveId = null;
    }

    private static void requireValid(Position position) {
        if (position == null || !position.inRange()) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST,
                                              "position must have lat -90..90 and lon -180..180");
        }
    }
}
