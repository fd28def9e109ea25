package io.taxiride.api.driver;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.geo.Position;

import java.time.Instant;

/**
 * The driver holds the drive of this call; their name, taxi and position, for the drive. The position is the one the
 * app gave with the accept, at the event's own time ({@code positionAt} null); or, where the accept gave none, the
 * Driver's last known one and when it was known ({@code positionAt}), so a newer report of the app outlives it on the
 * driver-view. Events stored before {@code positionAt} existed read it as null.
 */
public record RideTakenEvent(DriverId driverId, CallId callId, DriveId driveId, String driverName, String taxiNumber,
                             Position position, Instant positionAt) implements RideEvent {

    /** Taken where the accept said the driver is. */
    public RideTakenEvent(DriverId driverId, CallId callId, DriveId driveId, String driverName, String taxiNumber,
                          Position position) {
        this(driverId, callId, driveId, driverName, taxiNumber, position, null);
    }
}
