package io.taxiride.query.driver;

import io.taxiride.api.geo.Position;

import java.util.ArrayList;
import java.util.List;

/**
 * The driver-view's spatial index: the earth cut into cells of 0.01° of latitude by 0.01° of longitude, numbered row
 * by row from the south pole and the antimeridian, each driver's row carrying the number of the cell they stand in.
 * The nearest drivers are looked up by the cells around a point, an indexed {@code IN} on that column, so the
 * database reads the drivers of those cells and no others.
 * <p>
 * Why 0.01°: a cell is 1.11 km north-south and 0.88 km east-west at Seoul's 37.5°N. The dispatch radius of 5 km is
 * covered by some 10 x 12 cells: a short {@code IN} list over about 1.6 times the circle's area, so most drivers read
 * are within the radius. Cells ten times finer would make that list a hundred times longer to read a fifth fewer
 * rows; ten times coarser, and up to 33 x 26 km would be read to find the drivers within 5 km.
 */
final class Grid {

    static final int CELLS_PER_DEGREE = 100;
    private static final int ROWS = 180 * CELLS_PER_DEGREE;
    private static final int COLUMNS = 360 * CELLS_PER_DEGREE;
    /**
     * Above this many cells an {@code IN} list is no longer short: the cover is then every cell of its rows (a whole
     * band of latitude, one range of cell numbers). That takes a radius of 10 to 14 km at mid latitudes: a wide
     * listing of drivers, never a dispatch within its 5 km.
     */
    static final int MAX_LISTED_CELLS = 1_000;
    /** Against rounding at the very edge of the circle: about 1 cm. */
    private static final double MARGIN_DEGREES = 1e-7;

    private Grid() {
    }

    /** The cell of this point; longitude 180 is the same meridian as -180, so both fall in the same cell. */
    static long cellOf(double lat, double lon) {
        return (long) row(lat) * COLUMNS + Math.floorMod(column(lon), COLUMNS);
    }

    /**
     * Cells whose union holds every point within radiusKm (great-circle, {@link Position#distanceKm}) of the center,
     * and the drivers in them: the cells of the circle's bounding box in latitude and longitude, exact on the sphere.
     */
    static Cover cover(Position center, double radiusKm) {
        if (!(radiusKm >= 0)) {
            throw new IllegalArgumentException("A radius is 0 km or more, not " + radiusKm);
        }
        double angle = radiusKm / Position.EARTH_RADIUS_KM;
        double latMin = center.lat() - Math.toDegrees(angle) - MARGIN_DEGREES;
        double latMax = center.lat() + Math.toDegrees(angle) + MARGIN_DEGREES;
        int firstRow = row(Math.max(-90, latMin));
        int lastRow = row(Math.min(90, latMax));
        int firstColumn = 0;
        int lastColumn = COLUMNS - 1;
        // A circle reaching a pole spans every longitude; any other spans asin(sin(angle) / cos(lat)) either side.
        if (latMin > -90 && latMax < 90) {
            double halfWidth = Math.toDegrees(Math.asin(Math.sin(angle) / Math.cos(Math.toRadians(center.lat()))))
                    + MARGIN_DEGREES;
            firstColumn = column(center.lon() - halfWidth);
            lastColumn = Math.min(column(center.lon() + halfWidth), firstColumn + COLUMNS - 1);
        }
        long count = (long) (lastRow - firstRow + 1) * (lastColumn - firstColumn + 1);
        if (count > MAX_LISTED_CELLS) {
            return new Band((long) firstRow * COLUMNS, (long) lastRow * COLUMNS + COLUMNS - 1);
        }
        List<Long> cells = new ArrayList<>((int) count);
        for (int row = firstRow; row <= lastRow; row++) {
            for (int column = firstColumn; column <= lastColumn; column++) {
                cells.add((long) row * COLUMNS + Math.floorMod(column, COLUMNS));
            }
        }
        return new Cells(cells);
    }

    /** Rows from the south pole; the north pole itself is in the last row. */
    private static int row(double lat) {
        return Math.min(ROWS - 1, Math.max(0, (int) Math.floor((lat + 90) * CELLS_PER_DEGREE)));
    }

    /** Columns from the antimeridian, not yet wrapped: a circle across it runs on past the last column. */
    private static int column(double lon) {
        return (int) Math.floor((lon + 180) * CELLS_PER_DEGREE);
    }

    /** The cells to read for a circle. */
    sealed interface Cover permits Cells, Band {
    }

    /** These cells, for an {@code IN} list. */
    record Cells(List<Long> cells) implements Cover {
    }

    /** Every cell numbered from first to last: whole rows, for a range on the same index. */
    record Band(long firstCell, long lastCell) implements Cover {
    }
}
