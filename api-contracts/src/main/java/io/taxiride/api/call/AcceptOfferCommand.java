package io.taxiride.api.call;

import io.taxiride.api.driver.DriverId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A driver accepts the offer of this call at {@code acceptedAt}; exactly one acceptance wins. */
public record AcceptOfferCommand(@TargetAggregateIdentifier CallId callId, DriverId driverId, Instant acceptedAt) {
}
