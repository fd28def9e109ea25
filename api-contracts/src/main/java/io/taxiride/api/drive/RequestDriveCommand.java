package io.taxiride.api.drive;

import io.taxiride.api.call.CallId;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RequestDriveCommand(@TargetAggregateIdentifier DriveId driveId, CallId callId, BigDecimal distance) {
}
