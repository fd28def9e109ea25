package io.taxiride.api.view;

import io.taxiride.api.geo.Position;

import java.math.BigDecimal;
import java.time.Instant;

/** The ride offered to a driver: pickup and dropoff may be null, distance in km, fare in whole won. */
public record DriverOffer(String callId, Position pickup, Position dropoff, BigDecimal distance, long fare,
                          Instant expiresAt) {
}
