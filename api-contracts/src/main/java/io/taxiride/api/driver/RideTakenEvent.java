package io.taxiride.api.driver;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.geo.Position;

/** The driver holds the drive of this call; their name, taxi and position at that moment, for the drive. */
public record RideTakenEvent(DriverId driverId, CallId callId, DriveId driveId, String driverName, String taxiNumber,
                             Position position) implements RideEvent {
}
