package io.taxiride.api.call;

import io.taxiride.api.RideEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;

/** The driver won the call: the drive is theirs. */
public record OfferAcceptedEvent(CallId callId, DriveId driveId, DriverId driverId) implements RideEvent {
}
