package io.taxiride.api.driver;

import io.taxiride.api.call.CallId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The offer of this call ended on the ride's side (declined, expired, the call cancelled): the driver is free of it. */
public record WithdrawOfferCommand(@TargetAggregateIdentifier DriverId driverId, CallId callId) {
}
