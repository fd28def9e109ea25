package io.taxiride.api.drive;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

public record DriveReleasedEvent(DriveId driveId, CallId callId) implements RideEvent {
}
