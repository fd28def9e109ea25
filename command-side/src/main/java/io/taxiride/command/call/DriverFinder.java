package io.taxiride.command.call;

import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.geo.Position;

import java.util.List;

/**
 * The port through which a call finds the drivers it may offer itself to: at most {@code limit} AVAILABLE drivers,
 * best first, none of {@code excludedDriverIds}. With a pickup: those within radiusKm of it, nearest first; without
 * one: longest idle first. A failure to answer is thrown, failing the command, which its sender sends again.
 */
public interface DriverFinder {

    List<DispatchCandidate> find(Position pickup, double radiusKm, List<String> excludedDriverIds, int limit);
}
