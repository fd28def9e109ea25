package io.taxiride.api.call;

import io.taxiride.api.drive.DriveId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The fare is paid: the call looks for a driver, whose drive will be {@code driveId}. {@code at} is when the request
 * was made (offers run from it), stamped by the sender so the call itself never reads a clock.
 */
public record DispatchCallCommand(@TargetAggregateIdentifier CallId callId, DriveId driveId, Instant at) {
}
