package io.taxiride.api.dispatch;

import io.taxiride.api.geo.Position;

/** distanceKm to the pickup; null when the ride has no pickup. */
public record DispatchCandidate(String driverId, String name, String taxiNumber, Position position,
                                Double distanceKm) {
}
