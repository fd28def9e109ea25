package io.taxiride.api.view;

import io.taxiride.api.geo.Position;

import java.time.Instant;

/** A driver as the driver-view projection holds it; offer and driveId are null unless OFFERED or ON_RIDE. */
public record DriverView(String driverId, String name, String taxiNumber, DriverStatus status, Position position,
                         DriverOffer offer, String driveId, Instant updatedAt) {
}
