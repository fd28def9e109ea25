package io.taxiride.api.drive;

import io.taxiride.api.call.CallId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The driver who won the call holds the drive; their position when they took it. */
public record AssignDriveCommand(@TargetAggregateIdentifier DriveId driveId, CallId callId, DriverId driverId,
                                 String driverName, String taxiNumber, Position position) {
}
