package io.taxiride.api.driver;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;

public record DriverFreedEvent(DriverId driverId, CallId callId, DriveId driveId) implements RideEvent {
}
