package io.taxiride.api.drive;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

public record DriveAssignedEvent(DriveId driveId, CallId callId, String driverName, String taxiNum) implements RideEvent {
}
