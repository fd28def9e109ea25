package io.taxiride.api.call;

import io.taxiride.api.drive.DriveId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CompleteCallCommand(@TargetAggregateIdentifier CallId callId, DriveId driveId) {
}
