package io.taxiride.api.drive;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;

/** The drive is the driver's; driverId and position are null in drives assigned before drivers were actors. */
public record DriveAssignedEvent(DriveId driveId, CallId callId, String driverName, String taxiNum, DriverId driverId,
                                 Position position) implements RideEvent {
}
