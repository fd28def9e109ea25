package io.taxiride.api.call;

import io.taxiride.api.RideEvent;
import io.taxiride.api.driver.DriverId;

public record OfferEndedEvent(CallId callId, DriverId driverId, OfferOutcome outcome) implements RideEvent {
}
