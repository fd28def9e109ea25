package io.taxiride.api.call;

import java.math.BigDecimal;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A passenger asks for a taxi; distance in km, origin and destination free text and optional. */
public record PlaceCallCommand(@TargetAggregateIdentifier CallId callId, String userId, String userName, BigDecimal distance,
                               String origin, String destination) {
}
