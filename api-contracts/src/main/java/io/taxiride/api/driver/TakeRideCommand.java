package io.taxiride.api.driver;

import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.geo.Position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The call accepted the driver's acceptance: the driver now holds the drive. {@code position}: where the driver
 * accepted, or null for the last position the Driver knows.
 */
public record TakeRideCommand(@TargetAggregateIdentifier DriverId driverId, CallId callId, DriveId driveId,
                              Position position) {

    public TakeRideCommand(DriverId driverId, CallId callId, DriveId driveId) {
        this(driverId, callId, driveId, null);
    }
}
