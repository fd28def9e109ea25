package io.taxiride.api.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundFareCommand(@TargetAggregateIdentifier PaymentId paymentId) {
}
