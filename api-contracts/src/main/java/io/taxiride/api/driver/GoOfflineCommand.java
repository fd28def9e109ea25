package io.taxiride.api.driver;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record GoOfflineCommand(@TargetAggregateIdentifier DriverId driverId) {
}
