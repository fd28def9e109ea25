package io.taxiride.api.drive;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EndDriveCommand(@TargetAggregateIdentifier DriveId driveId) {
}
