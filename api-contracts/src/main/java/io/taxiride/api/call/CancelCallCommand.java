package io.taxiride.api.call;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CancelCallCommand(@TargetAggregateIdentifier CallId callId, CancelReason reason) {
}
