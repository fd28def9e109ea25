package io.taxiride.api.call;

import io.taxiride.api.driver.DriverId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A driver turns the offer of this call down at {@code declinedAt}; the call is offered to the next driver. */
public record DeclineOfferCommand(@TargetAggregateIdentifier CallId callId, DriverId driverId, Instant declinedAt) {
}
