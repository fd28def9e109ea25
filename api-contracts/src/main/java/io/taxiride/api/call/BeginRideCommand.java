package io.taxiride.api.call;

import io.taxiride.api.drive.DriveId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The driver has started the drive; the call records that the ride is under way. */
public record BeginRideCommand(@TargetAggregateIdentifier CallId callId, DriveId driveId) {
}
