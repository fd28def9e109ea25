package io.taxiride.query.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taxiride.api.geo.Position;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GridTest {

    private static final Position CITY_HALL = new Position(37.5665, 126.9780);

    @Test
    void pointsOfOneCellShareItAndABorderSeparatesNeighbours() {
        assertThat(Grid.cellOf(37.5601, 126.9701)).isEqualTo(Grid.cellOf(37.5699, 126.9799));
        assertThat(Grid.cellOf(37.5699, 126.975)).isNotEqualTo(Grid.cellOf(37.5701, 126.975));
        assertThat(Grid.cellOf(37.565, 126.9799)).isNotEqualTo(Grid.cellOf(37.565, 126.9801));
    }

    @Test
    void theAntimeridianIsOneMeridianWhicheverSignItIsWrittenWith() {
        assertThat(Grid.cellOf(0.005, 180)).isEqualTo(Grid.cellOf(0.005, -180));
        assertThat(Grid.cellOf(0.005, 179.995)).isNotEqualTo(Grid.cellOf(0.005, -179.995));
    }

    @Test
    void everyCellOfTheEarthHasItsOwnNumber() {
        assertThat(Grid.cellOf(-90, -180)).isZero();
        assertThat(Grid.cellOf(90, 179.999)).isEqualTo(180L * 100 * 360 * 100 - 1);
    }

    @Test
    void aDispatchRadiusIsAShortListOfCells() {
        Grid.Cover cover = Grid.cover(CITY_HALL, 5);

        assertThat(cover).isInstanceOf(Grid.Cells.class);
        // 10 or 11 rows of 0.01° latitude by 12 or 13 columns of 0.01° longitude at 37.6°N.
        assertThat(((Grid.Cells) cover).cells()).hasSizeBetween(10 * 12, 11 * 13).doesNotHaveDuplicates();
    }

    @Test
    void aWideRadiusIsABandOfWholeRows() {
        Grid.Cover cover = Grid.cover(CITY_HALL, 50);

        assertThat(cover).isInstanceOf(Grid.Band.class);
        Grid.Band band = (Grid.Band) cover;
        assertThat(band.firstCell()).isLessThanOrEqualTo(Grid.cellOf(37.5665 - 0.45, -180));
        assertThat(band.lastCell()).isGreaterThanOrEqualTo(Grid.cellOf(37.5665 + 0.45, 179.999));
    }

    @Test
    void aNegativeRadiusIsRefused() {
        assertThatThrownBy(() -> Grid.cover(CITY_HALL, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grid.cover(CITY_HALL, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The property the lookup rests on: whatever lies within the radius lies in a cell of the cover. Points at random
     * distances and bearings up to the radius itself, around centers in a city, at high latitude, beside the
     * antimeridian and beside a pole.
     */
    @ParameterizedTest(name = "around {0},{1} within {2} km")
    @CsvSource({
            "37.5665, 126.9780, 1",
            "37.5665, 126.9780, 5",
            "37.5665, 126.9780, 13",
            "-33.8688, 151.2093, 5",
            "69.6496, 18.9560, 5",
            "0.0, 179.995, 5",
            "-16.5, -179.99, 3",
            "89.97, 10.0, 5",
            "37.5665, 126.9780, 50"})
    void everyPointWithinTheRadiusIsInACellOfTheCover(double lat, double lon, double radiusKm) {
        Position center = new Position(lat, lon);
        Grid.Cover cover = Grid.cover(center, radiusKm);
        Random random = new Random(20);
        for (int i = 0; i < 20_000; i++) {
            double distance = i % 10 == 0 ? radiusKm : radiusKm * Math.sqrt(random.nextDouble());
            Position point = destination(center, distance, random.nextDouble() * 360);
            assertThat(center.distanceKm(point)).isLessThanOrEqualTo(radiusKm + 1e-6);
            assertThat(covers(cover, Grid.cellOf(point.lat(), point.lon())))
                    .as("%s at %.4f km", point, center.distanceKm(point)).isTrue();
        }
    }

    private static boolean covers(Grid.Cover cover, long cell) {
        if (cover instanceof Grid.Band band) {
            return cell >= band.firstCell() && cell <= band.lastCell();
        }
        return ((Grid.Cells) cover).cells().contains(cell);
    }

    /** The point distanceKm from start on the great circle of the given bearing. */
    private static Position destination(Position start, double distanceKm, double bearingDegrees) {
        double angle = distanceKm / Position.EARTH_RADIUS_KM;
        double bearing = Math.toRadians(bearingDegrees);
        double lat1 = Math.toRadians(start.lat());
        double lon1 = Math.toRadians(start.lon());
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle)
                                        + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearing));
        double lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(lat1),
                                        Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
        double lon = Math.toDegrees(lon2);
        lon = ((lon + 540) % 360) - 180;
        return new Position(Math.toDegrees(lat2), lon);
    }
}
