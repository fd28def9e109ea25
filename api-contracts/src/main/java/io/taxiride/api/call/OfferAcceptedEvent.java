package io.taxiride.api.call;

import io.taxiride.api.RideEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;

/** The driver won the call: the drive is theirs. {@code position}: where they accepted, null if their app did not say. */
public record OfferAcceptedEvent(CallId callId, DriveId driveId, DriverId driverId, Position position)
        implements RideEvent {

    public OfferAcceptedEvent(CallId callId, DriveId driveId, DriverId driverId) {
        this(callId, driveId, driverId, null);
    }
}
