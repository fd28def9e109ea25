package io.taxiride.api.call;

import io.taxiride.api.geo.Position;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A passenger asks for a taxi; distance in km, origin and destination free text and optional; pickup and dropoff
 * optional positions (a call without a pickup is offered to drivers by their time idle instead of their distance).
 */
public record PlaceCallCommand(@TargetAggregateIdentifier CallId callId, String userId, String userName, BigDecimal distance,
                               String origin, String destination, Position pickup, Position dropoff) {
}
