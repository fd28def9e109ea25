package io.taxiride.api.driver;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A driver joins the platform with their name and their taxi's number plate. */
public record RegisterDriverCommand(@TargetAggregateIdentifier DriverId driverId, String name, String taxiNumber) {
}
