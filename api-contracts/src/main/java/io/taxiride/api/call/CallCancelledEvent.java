package io.taxiride.api.call;

import io.taxiride.api.RideEvent;

public record CallCancelledEvent(CallId callId, CancelReason reason) implements RideEvent {
}
