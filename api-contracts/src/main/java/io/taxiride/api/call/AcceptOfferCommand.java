package io.taxiride.api.call;

import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A driver accepts the offer of this call at {@code acceptedAt}; exactly one acceptance wins. {@code position} is where
 * the driver's app is as it accepts, or null when it did not say.
 */
public record AcceptOfferCommand(@TargetAggregateIdentifier CallId callId, DriverId driverId, Instant acceptedAt,
                                 Position position) {

    public AcceptOfferCommand(CallId callId, DriverId driverId, Instant acceptedAt) {
        this(callId, driverId, acceptedAt, null);
    }
}
