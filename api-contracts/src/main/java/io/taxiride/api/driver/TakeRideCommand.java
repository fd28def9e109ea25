package io.taxiride.api.driver;

import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The call accepted the driver's acceptance: the driver now holds the drive. */
public record TakeRideCommand(@TargetAggregateIdentifier DriverId driverId, CallId callId, DriveId driveId) {
}
