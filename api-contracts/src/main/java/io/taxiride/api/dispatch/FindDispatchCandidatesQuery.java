package io.taxiride.api.dispatch;

import io.taxiride.api.geo.Position;

import java.util.List;

/**
 * The AVAILABLE drivers dispatch may offer a ride next, best first, at most {@code limit}, leaving out those in
 * {@code excludedDriverIds} (offered this ride already). With a pickup: those within radiusKm of it, nearest first;
 * without one: every available driver, longest idle first.
 */
public record FindDispatchCandidatesQuery(Position pickup, double radiusKm, List<String> excludedDriverIds,
                                          int limit) {
}
