package io.taxiride.api.driver;

import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The drive the driver held ended or was released: the driver is available again (or offline, if they went). */
public record FreeDriverCommand(@TargetAggregateIdentifier DriverId driverId, CallId callId, DriveId driveId) {
}
