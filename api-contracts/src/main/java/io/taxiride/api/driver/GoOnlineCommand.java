package io.taxiride.api.driver;

import io.taxiride.api.geo.Position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record GoOnlineCommand(@TargetAggregateIdentifier DriverId driverId, Position position) {
}
