package io.taxiride.api.call;

import io.taxiride.api.RideEvent;
import io.taxiride.api.drive.DriveId;

public record RideBegunEvent(CallId callId, DriveId driveId) implements RideEvent {
}
