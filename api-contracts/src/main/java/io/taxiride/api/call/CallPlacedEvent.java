package io.taxiride.api.call;

import io.taxiride.api.RideEvent;

import java.math.BigDecimal;

/** The fare, in whole won, is fixed when the call is placed. */
public record CallPlacedEvent(CallId callId, String userId, String userName, BigDecimal distance, String origin,
                              String destination, long fare) implements RideEvent {
}
