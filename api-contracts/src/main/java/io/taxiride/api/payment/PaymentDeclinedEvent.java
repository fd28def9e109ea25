package io.taxiride.api.payment;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

public record PaymentDeclinedEvent(PaymentId paymentId, CallId callId, long amount, String reason) implements RideEvent {
}
