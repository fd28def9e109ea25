package io.taxiride.api.drive;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record StartDriveCommand(@TargetAggregateIdentifier DriveId driveId) {
}
