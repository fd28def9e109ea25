package io.taxiride.api.driver;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

public record OfferWithdrawnEvent(DriverId driverId, CallId callId) implements RideEvent {
}
