package io.taxiride.api.driver;

import io.taxiride.api.geo.Position;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The driver's app reports where the taxi is now (every few seconds while online). {@code reportedAt} is when the
 * platform received the report, on the clock that stamps the Driver's events: the driver-view keeps whichever of a
 * report and an event's position is newer, whatever order they reach it in.
 */
public record MoveDriverCommand(@TargetAggregateIdentifier DriverId driverId, Position position, Instant reportedAt) {

    /** A report received now. */
    public MoveDriverCommand(DriverId driverId, Position position) {
        this(driverId, position, Instant.now());
    }
}
