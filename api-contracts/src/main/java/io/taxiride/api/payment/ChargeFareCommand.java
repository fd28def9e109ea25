package io.taxiride.api.payment;

import io.taxiride.api.call.CallId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChargeFareCommand(@TargetAggregateIdentifier PaymentId paymentId, CallId callId, long amount) {
}
