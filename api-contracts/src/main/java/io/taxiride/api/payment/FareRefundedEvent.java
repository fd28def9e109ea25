package io.taxiride.api.payment;

import io.taxiride.api.RideEvent;
import io.taxiride.api.call.CallId;

public record FareRefundedEvent(PaymentId paymentId, CallId callId, long amount) implements RideEvent {
}
