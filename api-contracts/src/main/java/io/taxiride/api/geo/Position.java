package io.taxiride.api.geo;

/**
 * A point on the earth in WGS84 degrees, as a phone's GPS gives it. Distances are great-circle distances (haversine
 * on a sphere of the earth's mean radius): within a city the error against the ellipsoid is well under 0.5 %.
 */
public record Position(double lat, double lon) {

    public static final double EARTH_RADIUS_KM = 6371.0088;

    /** Whether both coordinates are numbers within WGS84's range (lat -90..90, lon -180..180) (NaN is in no range). */
    public boolean inRange() {
        return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
    }

    public double distanceKm(Position other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
