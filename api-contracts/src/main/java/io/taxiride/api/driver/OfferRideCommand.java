package io.taxiride.api.driver;

import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.geo.Position;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The call offered itself to this driver: the driver holds the offer, or records that they could not. */
public record OfferRideCommand(@TargetAggregateIdentifier DriverId driverId, CallId callId, DriveId driveId,
                               Position pickup, Position dropoff, BigDecimal distance, long fare, Instant expiresAt) {
}
