package io.taxiride.api.driver;

import io.taxiride.api.geo.Position;

public record DriverMovedEvent(DriverId driverId, Position position) {
}
