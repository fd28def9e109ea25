package io.taxiride.fleet;

import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated drivers, numbered from 1. Driver n has the same id, name, taxi and starting point in every process
 * and after every restart, so a restart registers nobody twice and places everyone where they were placed before.
 * The fleet knows where each driver is now, as their app would: the simulator moves them, and they accept a ride
 * there.
 */
final class Fleet {

    private static final String[] SURNAMES = {
            "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin",
            "Kwon", "Hwang", "Ahn", "Song", "Ryu", "Hong"};
    private static final String[] GIVEN_NAMES = {
            "Minjun", "Seoyeon", "Jiwoo", "Hajun", "Doyun", "Seojun", "Jiho", "Yejun", "Eunwoo", "Jimin", "Sua",
            "Hayoon", "Jiyu", "Seoah", "Hyunwoo", "Junseo", "Dohyun", "Yuna", "Chaewon", "Minseo", "Sungmin",
            "Youngho", "Jaehyun", "Sangwoo", "Kyungsoo"};

    private final Disc area;
    private final List<SimulatedDriver> drivers;
    /** Every driver of the fleet, where they are now. */
    private final Map<DriverId, Position> positions = new ConcurrentHashMap<>();

    Fleet(int size, Disc area) {
        this.area = area;
        List<SimulatedDriver> all = new ArrayList<>(size);
        for (int n = 1; n <= size; n++) {
            all.add(driver(n, area));
        }
        this.drivers = List.copyOf(all);
        drivers.forEach(driver -> positions.put(driver.id(), driver.start()));
    }

    static DriverId driverId(int n) {
        return new DriverId(UUID.nameUUIDFromBytes(("fleet-simulator:" + n).getBytes(StandardCharsets.UTF_8))
                                .toString());
    }

    /** A random generator of driver n's own, so that their name and place depend on nothing else. */
    static SimulatedDriver driver(int n, Disc area) {
        SplittableRandom random = new SplittableRandom(n);
        String name = SURNAMES[random.nextInt(SURNAMES.length)] + " " + GIVEN_NAMES[random.nextInt(GIVEN_NAMES.length)];
        String taxiNumber = String.format("%02d-%04d", 10 + n / 10_000 % 90, n % 10_000);
        return new SimulatedDriver(n, driverId(n), name, taxiNumber, area.randomPoint(random));
    }

    Disc area() {
        return area;
    }

    List<SimulatedDriver> drivers() {
        return drivers;
    }

    int size() {
        return drivers.size();
    }

    boolean includes(DriverId driverId) {
        return positions.containsKey(driverId);
    }

    /** Where one of the fleet's drivers is now; null for a driver not of the fleet. */
    Position positionOf(DriverId driverId) {
        return positions.get(driverId);
    }

    void moved(DriverId driverId, Position position) {
        positions.replace(driverId, position);
    }

    record SimulatedDriver(int number, DriverId id, String name, String taxiNumber, Position start) {
    }
}
