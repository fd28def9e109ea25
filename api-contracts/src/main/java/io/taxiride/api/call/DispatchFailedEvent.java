package io.taxiride.api.call;

import io.taxiride.api.RideEvent;
import io.taxiride.api.drive.DriveId;

/**
 * No driver takes the ride: it is beyond the service area, nobody available is in range, or every offer was turned
 * down. The call is cancelled with NO_DRIVER at the same moment.
 */
public record DispatchFailedEvent(CallId callId, DriveId driveId, String reason) implements RideEvent {
}
