package io.taxiride.api.drive;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

public record DriveStartedEvent(DriveId driveId, CallId callId) implements RideEvent {
}
