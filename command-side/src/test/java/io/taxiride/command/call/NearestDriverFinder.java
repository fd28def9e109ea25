package io.taxiride.command.call;

import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.geo.Position;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The port's contract over a fixed list of available drivers: with a pickup, those within the radius, nearest first;
 * without one, in the list's order (longest idle first). Remembers every question it was asked.
 */
class NearestDriverFinder implements DriverFinder {

    record Question(Position pickup, double radiusKm, List<String> excludedDriverIds, int limit) {
    }

    private final List<DispatchCandidate> available;
    final List<Question> questions = new ArrayList<>();

    NearestDriverFinder(List<DispatchCandidate> available) {
        this.available = available;
    }

    @Override
    public List<DispatchCandidate> find(Position pickup, double radiusKm, List<String> excludedDriverIds, int limit) {
        questions.add(new Question(pickup, radiusKm, List.copyOf(excludedDriverIds), limit));
        return available.stream()
                        .filter(driver -> !excludedDriverIds.contains(driver.driverId()))
                        .map(driver -> pickup == null ? driver
                                : new DispatchCandidate(driver.driverId(), driver.name(), driver.taxiNumber(),
                                                        driver.position(), driver.position().distanceKm(pickup)))
                        .filter(driver -> pickup == null || driver.distanceKm() <= radiusKm)
                        .sorted(pickup == null ? (a, b) -> 0 : Comparator.comparingDouble(DispatchCandidate::distanceKm))
                        .limit(limit)
                        .toList();
    }
}
