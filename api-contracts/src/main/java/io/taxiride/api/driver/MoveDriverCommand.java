package io.taxiride.api.driver;

import io.taxiride.api.geo.Position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The driver's app reports where the taxi is now (every few seconds while online). */
public record MoveDriverCommand(@TargetAggregateIdentifier DriverId driverId, Position position) {
}
