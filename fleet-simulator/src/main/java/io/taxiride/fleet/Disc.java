package io.taxiride.fleet;

import io.taxiride.api.geo.Position;

import java.util.random.RandomGenerator;

/**
 * The area the simulated drivers keep to: every point within {@code radiusKm} (great-circle distance, as
 * {@link Position#distanceKm} measures it) of the centre.
 */
record Disc(Position centre, double radiusKm) {

    /** Uniform over the disc's area: the distance from the centre goes with the square root of a uniform draw. */
    Position randomPoint(RandomGenerator random) {
        double distanceKm = radiusKm * Math.sqrt(random.nextDouble());
        return destination(centre, distanceKm, 2 * Math.PI * random.nextDouble());
    }

    /**
     * A step of at most {@code maxKm} in a random direction; a step that would leave the disc goes the same length
     * towards the centre instead (never past it), so a driver inside stays inside.
     */
    Position step(Position from, double maxKm, RandomGenerator random) {
        double lengthKm = maxKm * random.nextDouble();
        Position to = destination(from, lengthKm, 2 * Math.PI * random.nextDouble());
        if (centre.distanceKm(to) <= radiusKm) {
            return to;
        }
        double toCentreKm = from.distanceKm(centre);
        return destination(from, Math.min(lengthKm, toCentreKm), bearing(from, centre));
    }

    /** The point {@code distanceKm} from {@code from} along the great circle leaving it at {@code bearing} radians. */
    static Position destination(Position from, double distanceKm, double bearing) {
        double angle = distanceKm / Position.EARTH_RADIUS_KM;
        double lat1 = Math.toRadians(from.lat());
        double lon1 = Math.toRadians(from.lon());
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle)
                                + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearing));
        double lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(lat1),
                                        Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
        double lon = (Math.toDegrees(lon2) + 540) % 360 - 180;
        return new Position(Math.toDegrees(lat2), lon);
    }

    /** The initial bearing, in radians clockwise from north, of the great circle from {@code from} to {@code to}. */
    static double bearing(Position from, Position to) {
        double lat1 = Math.toRadians(from.lat());
        double lat2 = Math.toRadians(to.lat());
        double dLon = Math.toRadians(to.lon() - from.lon());
        return Math.atan2(Math.sin(dLon) * Math.cos(lat2),
                          Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon));
    }
}
