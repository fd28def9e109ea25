package io.taxiride.api.call;

import io.taxiride.api.RideEvent;
import io.taxiride.api.geo.Position;

import java.math.BigDecimal;

/** The fare, in whole won, is fixed when the call is placed. Pickup and dropoff may be null. */
public record CallPlacedEvent(CallId callId, String userId, String userName, BigDecimal distance, String origin,
                              String destination, long fare, Position pickup, Position dropoff) implements RideEvent {
}
