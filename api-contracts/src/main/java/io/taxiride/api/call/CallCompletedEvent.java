package io.taxiride.api.call;

import io.taxiride.api.RideEvent;
import io.taxiride.api.drive.DriveId;

public record CallCompletedEvent(CallId callId, DriveId driveId) implements RideEvent {
}
