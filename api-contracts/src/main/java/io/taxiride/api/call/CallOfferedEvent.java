package io.taxiride.api.call;

import io.taxiride.api.RideEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The call is offered to a driver (its {@code offerNumber}-th offer), who may accept it until expiresAt. The ride's
 * details travel with it, for the driver's side of the offer.
 */
public record CallOfferedEvent(CallId callId, DriveId driveId, DriverId driverId, String driverName,
                               String taxiNumber, Position driverPosition, Position pickup, Position dropoff,
                               BigDecimal distance, long fare, Instant expiresAt, int offerNumber)
        implements RideEvent {
}
