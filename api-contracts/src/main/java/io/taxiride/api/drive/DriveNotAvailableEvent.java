package io.taxiride.api.drive;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

public record DriveNotAvailableEvent(DriveId driveId, CallId callId, String reason) implements RideEvent {
}
