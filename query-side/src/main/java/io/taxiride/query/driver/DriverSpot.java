package io.taxiride.query.driver;

import io.taxiride.api.geo.Position;

/**
 * What dispatch needs of a driver to offer a ride: who, which taxi, where. The lookup reads these columns alone rather
 * than whole entities, so looking through hundreds of drivers neither builds nor tracks an entity for each. Public for
 * the query's constructor expression ({@link DriverViewRepository#findSpots}).
 */
public record DriverSpot(String driverId, String name, String taxiNumber, Double lat, Double lon) {

    Position position() {
        return lat == null || lon == null ? null : new Position(lat, lon);
    }
}
