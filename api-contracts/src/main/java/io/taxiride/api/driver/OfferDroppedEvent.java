package io.taxiride.api.driver;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

/** The driver went offline while holding an offer: that counts as declining it. */
public record OfferDroppedEvent(DriverId driverId, CallId callId) implements RideEvent {
}
