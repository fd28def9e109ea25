package io.taxiride.api.call;

import io.taxiride.api.driver.DriverId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The offer to this driver ended without an answer from the call's side (it ran out of time, or the driver could
 * not hold it): the call is offered to the next driver. Changes nothing if that offer was answered already.
 */
public record EndOfferCommand(@TargetAggregateIdentifier CallId callId, DriverId driverId, OfferOutcome outcome,
                              Instant at) {
}
