package io.taxiride.api.driver;

import io.taxiride.api.geo.Position;

public record DriverWentOnlineEvent(DriverId driverId, Position position) {
}
