package io.taxiride.api.driver;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.geo.Position;

import java.math.BigDecimal;
import java.time.Instant;

/** The driver holds the offer of this call: no other offer reaches them until it ends. */
public record RideOfferedEvent(DriverId driverId, CallId callId, DriveId driveId, Position pickup, Position dropoff,
                               BigDecimal distance, long fare, Instant expiresAt) implements RideEvent {
}
