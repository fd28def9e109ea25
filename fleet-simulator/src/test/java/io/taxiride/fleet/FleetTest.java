package io.taxiride.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;
import io.taxiride.fleet.Fleet.SimulatedDriver;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class FleetTest {

    private static final Position CITY_HALL = new Position(37.5665, 126.9780);
    private static final Disc AREA = new Disc(CITY_HALL, 3);

    @Test
    void everyDriverStartsWithinTheSpreadOfTheCentre() {
        Fleet fleet = new Fleet(2_000, AREA);

        assertThat(fleet.drivers()).hasSize(2_000)
                                   .allSatisfy(driver -> assertThat(CITY_HALL.distanceKm(driver.start()))
                                           .isLessThanOrEqualTo(3.0 + 1e-9));
    }

    @Test
    void spreadsThemOverTheWholeDiscAndNotAroundTheCentre() {
        Fleet fleet = new Fleet(2_000, AREA);

        // Uniform over a disc of radius R: the mean distance from the centre is 2R/3, a quarter lie within R/2.
        double mean = fleet.drivers().stream().mapToDouble(d -> CITY_HALL.distanceKm(d.start())).average()
                           .orElseThrow();
        long inner = fleet.drivers().stream().filter(d -> CITY_HALL.distanceKm(d.start()) <= 1.5).count();
        long north = fleet.drivers().stream().filter(d -> d.start().lat() > CITY_HALL.lat()).count();
        long east = fleet.drivers().stream().filter(d -> d.start().lon() > CITY_HALL.lon()).count();
        assertThat(mean).isBetween(1.9, 2.1);
        assertThat(inner).isBetween(430L, 570L);
        assertThat(north).isBetween(900L, 1_100L);
        assertThat(east).isBetween(900L, 1_100L);
    }

    @Test
    void placesNamesAndNumbersEveryDriverAlikeOnEveryStart() {
        Fleet first = new Fleet(100, AREA);
        Fleet again = new Fleet(100, AREA);

        assertThat(again.drivers()).isEqualTo(first.drivers());
        assertThat(new Fleet(50, AREA).drivers()).isEqualTo(first.drivers().subList(0, 50));
    }

    @Test
    void namesDriversByTheirNumberWithDistinctIdsAndTaxis() {
        Fleet fleet = new Fleet(1_000, AREA);

        SimulatedDriver seventh = fleet.drivers().get(6);
        assertThat(seventh.number()).isEqualTo(7);
        assertThat(seventh.id()).isEqualTo(new DriverId(
                UUID.nameUUIDFromBytes("fleet-simulator:7".getBytes(StandardCharsets.UTF_8)).toString()));
        assertThat(seventh.taxiNumber()).isEqualTo("10-0007");
        assertThat(seventh.name()).matches("[A-Z][a-z]+ [A-Z][a-z]+");
        assertThat(fleet.drivers().stream().map(SimulatedDriver::id).distinct()).hasSize(1_000);
        assertThat(fleet.drivers().stream().map(SimulatedDriver::taxiNumber).distinct()).hasSize(1_000);
        assertThat(fleet.drivers().stream().map(SimulatedDriver::name).distinct().count()).isGreaterThan(100);
        assertThat(fleet.includes(seventh.id())).isTrue();
        assertThat(fleet.includes(Fleet.driverId(1_001))).isFalse();
    }

    @Test
    void aStepIsAtMostTheLongestAndNeverLeavesTheDisc() {
        SplittableRandom random = new SplittableRandom(20);
        Position at = Disc.destination(CITY_HALL, 2.99, Math.PI / 3);
        for (int i = 0; i < 20_000; i++) {
            Position next = AREA.step(at, 0.1, random);
            assertThat(at.distanceKm(next)).isLessThanOrEqualTo(0.1 + 1e-9);
            assertThat(CITY_HALL.distanceKm(next)).isLessThanOrEqualTo(3.0 + 1e-9);
            at = next;
        }
    }

    @Test
    void theDestinationLiesAtTheGivenDistanceAndBearing() {
        Position east = Disc.destination(CITY_HALL, 2.5, Math.PI / 2);

        assertThat(CITY_HALL.distanceKm(east)).isCloseTo(2.5, offset(1e-9));
        assertThat(east.lon()).isGreaterThan(CITY_HALL.lon());
        assertThat(Disc.bearing(CITY_HALL, east)).isCloseTo(Math.PI / 2, offset(1e-3));
        assertThat(Disc.destination(new Position(0, 179.99), 5, Math.PI / 2).lon()).isBetween(-180.0, -179.9);
    }
}
