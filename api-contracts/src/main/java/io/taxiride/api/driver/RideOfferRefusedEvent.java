package io.taxiride.api.driver;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

/** The offer reached a driver who was no longer available (offline, or holding another offer or a drive). */
public record RideOfferRefusedEvent(DriverId driverId, CallId callId) implements RideEvent {
}
